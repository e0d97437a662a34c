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
150 89.91751709536137 98.08248290463862 NaN NaN NaN
600 91.95875854768067 96.04124145231931 NaN NaN NaN
1350 92.63917236512045 95.36082763487954 NaN NaN NaN
2400 92.97937927384033 95.02062072615965 NaN NaN NaN
3750 93.18350341907227 94.81649658092772 NaN NaN NaN
5400 93.31958618256022 94.68041381743977 NaN NaN NaN
SC_END_OF_DATA
$sc_points << SC_END_OF_DATA
# x value flagged
800 97.5 97.5
1800 95.8 NaN
900 91.5 91.5
400 93 NaN
2400 94.5 NaN
SC_END_OF_DATA
plot $sc_curves using 1:3 with lines dt 3 lw 1.5 lc rgb '#606060' title '95% limits', \
     $sc_curves using 1:2 with lines dt 3 lw 1.5 lc rgb '#606060' notitle, \
     $sc_points using 1:2 with points pt 7 ps 1.1 lc rgb '#1f4e79' title 'rate', \
     $sc_points using 1:3 with points pt 7 ps 1.1 lc rgb '#d62728' notitle
