# spotcheck band chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'trend.png'
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set offsets graph 0.03, graph 0.03, graph 0.03, graph 0.03
set xtics ('2018' 2018.5, '2021' 2021.5, '2022' 2022.5, '2023' 2023.5, '2026' 2026.5)
set xlabel 'period' noenhanced
set format y '%g%%'
set ylabel 'rate' noenhanced
set grid ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
$sc_series1 << SC_END_OF_DATA
# x value lower upper fitted alone
2018.5 10.3 9.899999999999999 10.7 10 1
2020 NaN NaN NaN 10.700000000000001 0
2021.5 12.2 11.8 12.6 11.4 0
2022.5 9.4 9 9.8 12 0
2023.5 12.3 11.9 12.7 12.5 0
2026.5 NaN NaN NaN 14.3 0
SC_END_OF_DATA
$sc_forecast << SC_END_OF_DATA
# x value lower upper
2026.5 14.3 9.4 21.2
SC_END_OF_DATA
set label 'no data' at 2020, graph 0.04 center front tc rgb '#7f7f7f' noenhanced
plot $sc_series1 using 1:3:4 with filledcurves fc rgb '#9ecae1' fs transparent solid 0.5 noborder title 'interval', \
     $sc_series1 using 1:($6 > 0 ? $3 : NaN):(0):($4-$3) with vectors nohead lw 8 lc rgb '#9ecae1' notitle, \
     $sc_series1 using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#1f4e79' title 'rate', \
     $sc_series1 using 1:5 with lines dt 2 lw 1.5 lc rgb '#2ca02c' title 'fitted', \
     $sc_forecast using 1:2:3:4 with yerrorbars pt 9 ps 1.6 lw 2 lc rgb '#2ca02c' title 'forecast'
