// Charts of template panels (ECharts from the bi-server jar, no CDN): every series on ONE value axis, so the lines of
// several shops, or a bar per metric, compare at a glance (charts.js gives a second series its own axis, which suits
// the daily trend's GMV against orders but would hide the scale of one shop against another).
import * as echarts from './echarts.esm.min.js';

const live = new Set();
window.addEventListener('resize', () => live.forEach((chart) => chart.resize()));

/** Draws a line or bar chart of categories (x) and named series (all on one axis) into node; returns the chart. */
export function drawPanel(node, { type = 'line', x = [], series = [] }) {
  const chart = echarts.init(node, null, { renderer: 'svg' });
  live.add(chart);
  chart.setOption({
    animation: false,
    tooltip: { trigger: 'axis', confine: true },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: x, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ name: s.name, type, data: s.data, showSymbol: x.length <= 31 })),
  });
  return chart;
}

/** Drops the panel charts whose nodes left the page. */
export function prunePanels() {
  live.forEach((chart) => {
    if (!document.body.contains(chart.getDom())) {
      chart.dispose();
      live.delete(chart);
    }
  });
}
