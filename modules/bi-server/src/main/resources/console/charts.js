// ECharts from the bi-server jar (the webjar, no CDN); charts are resized with the window.
import * as echarts from './echarts.esm.min.js';

const live = new Set();
window.addEventListener('resize', () => live.forEach((chart) => chart.resize()));

/** Draws a line or bar chart of categories (x) and named series into node; returns the chart. */
export function draw(node, { type = 'line', x = [], series = [] }) {
  const chart = echarts.init(node, null, { renderer: 'svg' });
  live.add(chart);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 56, right: 56, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: x },
    yAxis: series.length > 1 ? [{ type: 'value' }, { type: 'value' }] : [{ type: 'value' }],
    series: series.map((s, i) => ({ name: s.name, type: s.type || type, data: s.data, yAxisIndex: series.length > 1 ? Math.min(i, 1) : 0 })),
  });
  return chart;
}

/** Drops the charts whose nodes left the page. */
export function prune() {
  live.forEach((chart) => {
    if (!document.body.contains(chart.getDom())) {
      chart.dispose();
      live.delete(chart);
    }
  });
}
