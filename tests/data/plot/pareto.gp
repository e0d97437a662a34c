# spotcheck pareto chart: a gnuplot 5 script with its data inline.
# Every text is a single-quoted string, in which gnuplot expands nothing;
# data blocks hold only numbers and end with the line SC_END_OF_DATA,
# which no number starts with.
reset
set encoding utf8
set terminal pngcairo size 1200,800 noenhanced font 'Noto Sans CJK SC,12'
set output 'items.png'
set key noenhanced nobox samplen 3 spacing 1.6
set border 3 lc rgb '#404040'
set xtics nomirror noenhanced
set ytics nomirror noenhanced
set border 11
set style fill solid 0.8 noborder
set boxwidth 0.7
set xrange [0.5:30.5]
set yrange [0:*]
set y2range [0:100]
set y2tics 0, 20, 100 nomirror
set format y2 '%g%%'
set xtics rotate by 45 right
set xtics ('项目26' 1, '项目15' 2, '过氧化值' 3, '项目29' 4, '项目18' 5, '项目07' 6, '项目32' 7, '项目21' 8, '项目10' 9, '项目35' 10, '项目24' 11, '项目13' 12, '大肠菌群' 13, '项目27' 14, '项目16' 15, '铅(以Pb计)' 16, '项目30' 17, '项目19' 18, '项目08' 19, '项目33' 20)
set xtics add ('项目22' 21, '项目11' 22, '项目25' 23, '项目14' 24, '酸价(以脂肪计)(KOH)' 25, '项目28' 26, '项目17' 27, '二氧化硫残留量' 28, '项目31' 29, '其他（6 项）' 30)
set xlabel '不合格项目' noenhanced
set ylabel '批次' noenhanced
set y2label '累计百分比' noenhanced
set grid ytics back lt 1 lw 1 lc rgb '#e0e0e0'
set key outside bottom center horizontal
$sc_bars << SC_END_OF_DATA
# x value cumulative_percent other
1 96 5.6009334889148193 0
2 93 11.02683780630105 0
3 90 16.277712952158693 0
4 88 21.411901983663945 0
5 85 26.37106184364061 0
6 82 31.15519253208868 0
7 80 35.822637106184363 0
8 77 40.31505250875146 0
9 74 44.632438739789965 0
10 72 48.833138856476077 0
11 69 52.85880980163361 0
12 66 56.70945157526255 0
13 63 60.38506417736289 0
14 61 63.94399066511085 0
15 58 67.32788798133023 0
16 55 70.536756126021 0
17 53 73.62893815635939 0
18 50 76.54609101516919 0
19 47 79.28821470245041 0
20 45 81.91365227537923 0
21 42 84.36406067677946 0
22 39 86.63943990665111 0
23 34 88.62310385064177 0
24 31 90.43173862310385 0
25 28 92.06534422403734 0
26 26 93.58226371061844 0
27 23 94.92415402567095 0
28 20 96.09101516919487 0
29 18 97.14119019836639 0
30 49 100 1
SC_END_OF_DATA
plot $sc_bars using 1:($4 > 0 ? NaN : $2) with boxes lc rgb '#6baed6' title '批次', \
     $sc_bars using 1:($4 > 0 ? $2 : NaN) with boxes lc rgb '#7f7f7f' notitle, \
     $sc_bars using 1:3 axes x1y2 with linespoints pt 7 ps 0.8 lw 2 lc rgb '#e6550d' title '累计百分比'
