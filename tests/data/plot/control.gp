# spotcheck control chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'p.png'
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set xrange [0.5:8.5]
set xtics ('2023Q1' 1, '2023Q2' 2, '2023Q3' 3, '2023Q4' 4, '2024Q1' 5, '2024Q2' 6, '2024Q3' 7, '2024Q4' 8)
set xlabel 'period' noenhanced
set format y '%g%%'
set ylabel 'rate' noenhanced
set offsets 0, 0, graph 0.03, graph 0.03
set grid ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
$sc_points << SC_END_OF_DATA
# x value signal
1 93 NaN
2 92.5 NaN
3 94 NaN
4 91.5 91.5
5 95 NaN
6 94.5 NaN
7 96 NaN
8 97.8 97.8
SC_END_OF_DATA
$sc_limits << SC_END_OF_DATA
# x lcl ucl center
0.5 91.8 96.5 94
1.5 91.8 96.5 94
1.5 91.7 96.6 94
2.5 91.7 96.6 94
2.5 91.8 96.5 94
3.5 91.8 96.5 94
3.5 91.7 96.6 94
4.5 91.7 96.6 94
4.5 91.8 96.5 94
5.5 91.8 96.5 94
5.5 91.7 96.6 94
6.5 91.7 96.6 94
6.5 91.8 96.5 94
7.5 91.8 96.5 94
7.5 91.7 96.6 94
8.5 91.7 96.6 94
SC_END_OF_DATA
plot $sc_limits using 1:3 with lines lw 1.5 lc rgb '#7f7f7f' title 'control limits', \
     $sc_limits using 1:2 with lines lw 1.5 lc rgb '#7f7f7f' notitle, \
     $sc_limits using 1:4 with lines lw 1.5 lc rgb '#2ca02c' title 'centre line', \
     $sc_points using 1:2 with linespoints pt 7 ps 0.9 lw 1.5 lc rgb '#1f4e79' title 'rate', \
     $sc_points using 1:3 with points pt 7 ps 1.6 lc rgb '#d62728' title 'beyond limits'
