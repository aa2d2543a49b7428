import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { onCommonDays, type CumulativeLine } from './figures';

// Only what this chart draws: keeps the lazily loaded chunk small (no full `echarts` import).
echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const ru = (n: number) => new Intl.NumberFormat('ru-RU').format(n);
const day = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

/** Persons informed, cumulative by day: the total and one line per group (the same figures are in the tables beside it). */
export function TargetsChart({ lines, label }: { lines: CumulativeLine[]; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const { days, values } = onCommonDays(lines);
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      grid: { left: 64, right: 24, top: 40, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => ru(Number(v)) },
      xAxis: { type: 'category', data: days.map(day), boundaryGap: false },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => ru(v) } },
      series: lines.map((l, i) => ({ name: l.name, type: 'line', step: 'end', data: values[i], lineStyle: { width: i === 0 ? 3 : 2 } })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [lines]);
  return <div ref={ref} role="img" aria-label={label} data-testid="targets-chart" style={{ width: '100%', height: 300 }} />;
}
