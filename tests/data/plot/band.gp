# spotcheck band chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pdfcairo size 11.111in,6.944in noenhanced font 'Noto Sans CJK SC,12'
set output 'trend.pdf'
set title '季度合格率' font ',16' noenhanced
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set xrange [0.5:8.5]
set xtics ('2023Q1' 1, '2023Q2' 2, '2023Q3' 3, '2023Q4' 4, '2024Q1' 5, '2024Q2' 6, '2024Q3' 7, '2024Q4' 8)
set xlabel '时期' noenhanced
set format y '%g%%'
set ylabel '合格率' noenhanced
set offsets 0, 0, graph 0.03, graph 0.03
set grid ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
$sc_series1 << SC_END_OF_DATA
# x value lower upper fitted alone
1 93 91 94.50000000000001 92 0
2 92.5 90.5 94.00000000000001 92.5 0
3 94 91.99999999999999 95.5 93 0
4 91.5 89.5 93 93.5 0
5 95 92.99999999999999 96.5 94.00000000000001 0
6 94.5 92.49999999999999 96 94.50000000000001 0
7 96 94 97.5 95.00000000000001 0
8 97.8 95.8 99.3 95.50000000000001 0
SC_END_OF_DATA
plot $sc_series1 using 1:3:4 with filledcurves fc rgb '#9ecae1' fs transparent solid 0.5 noborder title '置信区间', \
     $sc_series1 using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#1f4e79' title '合格率', \
     $sc_series1 using 1:5 with lines dt 2 lw 1.5 lc rgb '#2ca02c' title '拟合值', \
     95 with lines dt 2 lw 2 lc rgb '#c0392b' title '目标 95%'
