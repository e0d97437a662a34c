# spotcheck caterpillar chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'rate.png'
set title '各地区合格率' font ',16' noenhanced
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set yrange [0.5:5.5]
set ytics scale 0
set ytics ('北京市' 5, '成都市' 4, '上海市' 3, 'it’s 广州 100%%' 2, '深圳市' 1)
set grid xtics ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
set format x '%g%%'
set xlabel '合格率' noenhanced
set offsets graph 0.02, graph 0.02, 0, 0
set ylabel '地区' noenhanced
$sc_points << SC_END_OF_DATA
# row value lower upper
5 98 94.13 99.32
4 95.5 91.68 97.62
3 94.74 88.26 97.73
2 90 79.93 95.34
1 NaN NaN NaN
SC_END_OF_DATA
$sc_target << SC_END_OF_DATA
# value row
95 0.5
95 5.5
SC_END_OF_DATA
plot $sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '#5b8db8' title '95% 置信区间', \
     $sc_points using 2:1 with points pt 7 ps 1.2 lc rgb '#1f4e79' title '合格率', \
     $sc_target using 1:2 with lines dt 2 lw 2 lc rgb '#c0392b' title '目标 95%'
