# spotcheck funnel chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'funnel.png'
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set xrange [280:2520]
set format x '%.0f'
set format y '%g%%'
set ylabel 'rate' noenhanced
set yrange [90.004:97.99599999999999]
set xlabel 'n' noenhanced
set grid xtics ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
set label '南通市' at first 800, first 97.5 offset character 0.8, 0 left front font ',11' noenhanced
set label '西安市' at first 900, first 91.5 offset character 0.8, 0 left front font ',11' noenhanced
set label '金华市' at first 1800, first 95.8 offset character 0.8, 0 left front font ',11' noenhanced
set label '兰州市' at first 400, first 93 offset character 0.8, 0 left front font ',11' noenhanced
set label '成都市' at first 2400, first 94.5 offset character 0.8, 0 left front font ',11' noenhanced
$sc_curves << SC_END_OF_DATA
# x lower upper outer_lower outer_upper center
400 91.69999999999999 96.3 90.29999999999999 97.7 94
800 92.39999999999999 95.6 91.39999999999999 96.6 94
900 92.49999999999999 95.5 91.59999999999999 96.4 94
1800 92.89999999999999 95.1 91.99999999999999 96 94
2400 93.05 94.94999999999999 92.49999999999999 95.5 94
SC_END_OF_DATA
$sc_points << SC_END_OF_DATA
# x value flagged
800 97.5 97.5
1800 95.8 NaN
900 91.5 91.5
400 93 NaN
2400 94.5 NaN
SC_END_OF_DATA
plot $sc_curves using 1:5 with lines dt 2 lw 1.5 lc rgb '#404040' title '99.8% limits', \
     $sc_curves using 1:4 with lines dt 2 lw 1.5 lc rgb '#404040' notitle, \
     $sc_curves using 1:3 with lines dt 3 lw 1.5 lc rgb '#606060' title '95% limits', \
     $sc_curves using 1:2 with lines dt 3 lw 1.5 lc rgb '#606060' notitle, \
     $sc_curves using 1:6 with lines lw 1.5 lc rgb '#2ca02c' title 'centre line', \
     $sc_points using 1:2 with points pt 7 ps 1.1 lc rgb '#1f4e79' title 'rate', \
     $sc_points using 1:3 with points pt 7 ps 1.1 lc rgb '#d62728' notitle
