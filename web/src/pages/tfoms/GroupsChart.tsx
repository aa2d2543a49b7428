import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what this chart draws: keeps the bundle small (no full `echarts` import).
echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

/** A bar per priority group; the same figures are in the table beside it (the chart is not the only record). */
export function GroupsChart({ counts, label }: { counts: Array<{ name: string; value: number }>; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      grid: { left: 60, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => new Intl.NumberFormat('ru-RU').format(Number(v)) },
      xAxis: { type: 'category', data: counts.map((c) => c.name) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => new Intl.NumberFormat('ru-RU').format(v) } },
      series: [{ type: 'bar', data: counts.map((c) => c.value), itemStyle: { color: '#1677ff' } }],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [counts]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: 260 }} />;
}
