# spotcheck caterpillar chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'summary.png'
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set yrange [0.5:3.5]
set ytics scale 0
set ytics ('农产品' 3, '食品' 2, '工业产品' 1)
set grid xtics ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
set format x '%g%%'
set xlabel 'rate' noenhanced
set offsets graph 0.02, graph 0.02, 0, 0
set ylabel 'category' noenhanced
$sc_points << SC_END_OF_DATA
# row value lower upper baseline target
3 99 98 99.5 NaN NaN
2 97 95 98 96 97
1 91 88 93 93 90
SC_END_OF_DATA
plot $sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '#5b8db8' title '置信区间', \
     $sc_points using 5:($1+0.25):($2-$5):(0) with vectors head filled size screen 0.008,25 lw 1.5 lc rgb '#2ca02c' title '较基期变化', \
     $sc_points using 6:($1-0.3):(0):(0.6) with vectors nohead lw 2.5 lc rgb '#c0392b' title '目标', \
     $sc_points using 2:1 with points pt 7 ps 1.2 lc rgb '#1f4e79' title 'rate'
