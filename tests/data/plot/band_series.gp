# spotcheck band chart: a gnuplot 5 script with its data inline.
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
set xrange [2019.5:2023.5]
set xtics 1
set offsets 0, 0, graph 0.03, graph 0.03
set xlabel 'year' noenhanced
set ylabel 'rate' noenhanced
set grid ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside right top vertical
$sc_series1 << SC_END_OF_DATA
# x value lower upper fitted alone
2020 0.93 0.91 0.9450000000000001 0.92 0
2021 0.94 0.9199999999999999 0.955 0.93 0
2022 0.95 0.9299999999999999 0.965 0.9400000000000001 0
2023 0.96 0.94 0.975 0.9500000000000001 0
SC_END_OF_DATA
$sc_series2 << SC_END_OF_DATA
# x value lower upper fitted alone
2020 0.925 0.905 0.9400000000000001 0.925 0
2021 0.915 0.895 0.93 0.935 0
2022 0.945 0.9249999999999999 0.96 0.9450000000000001 0
2023 0.978 0.958 0.993 0.9550000000000001 0
SC_END_OF_DATA
plot $sc_series1 using 1:3:4 with filledcurves fc rgb '#1f77b4' fs transparent solid 0.15 noborder notitle, \
     $sc_series1 using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#1f77b4' title '大型', \
     $sc_series1 using 1:5 with lines dt 2 lw 1.5 lc rgb '#1f77b4' notitle, \
     $sc_series2 using 1:3:4 with filledcurves fc rgb '#ff7f0e' fs transparent solid 0.15 noborder notitle, \
     $sc_series2 using 1:2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#ff7f0e' title '小型', \
     $sc_series2 using 1:5 with lines dt 2 lw 1.5 lc rgb '#ff7f0e' notitle, \
     NaN with lines dt 2 lw 1.5 lc rgb '#404040' title 'fitted'
