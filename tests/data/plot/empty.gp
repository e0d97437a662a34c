# spotcheck caterpillar chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
# No terminal is set: choose one first, e.g.
#   gnuplot -e "set terminal pngcairo size 1200,800; set output 'chart.png'" THIS.gp
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set yrange [0.5:1.5]
set ytics scale 0
unset ytics
set grid xtics ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
set format x '%g%%'
set xlabel 'rate' noenhanced
set xrange [0:100]
set label 'no data' at graph 0.5, graph 0.5 center front noenhanced
set offsets graph 0.02, graph 0.02, 0, 0
set ylabel 'region' noenhanced
$sc_points << SC_END_OF_DATA
# row value lower upper
SC_END_OF_DATA
plot $sc_points using 2:1:3:4 with xerrorbars pt 7 ps 0 lw 1.5 lc rgb '#5b8db8' title 'interval', \
     $sc_points using 2:1 with points pt 7 ps 1.2 lc rgb '#1f4e79' title 'rate'
