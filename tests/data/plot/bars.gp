# spotcheck bars chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal svg size 1200,800 noenhanced background '#ffffff' font 'Noto Sans CJK SC,12'
set output 'rate.svg'
set title 'Pass rate by region' font ',16' noenhanced
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set yrange [0.5:5.5]
set ytics scale 0
set ytics ('北京市' 5, '成都市' 4, '上海市' 3, 'it’s 广州 100%%' 2, '深圳市' 1)
set grid xtics ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
set style fill solid 0.8 noborder
set xlabel 'rate' noenhanced
set offsets 0, graph 0.02, 0, 0
$sc_points << SC_END_OF_DATA
# row value lower upper
5 0.98 0.9413 0.9932
4 0.955 0.9168 0.9762
3 0.9474 0.8826 0.9773
2 0.9 0.7993 0.9534
1 NaN NaN NaN
SC_END_OF_DATA
plot $sc_points using 2:1:(0):2:($1-0.35):($1+0.35) with boxxyerror lc rgb '#6baed6' title 'rate', \
     $sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '#1f4e79' title 'interval'
