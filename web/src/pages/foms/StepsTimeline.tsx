import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { StepProgress, StepState } from '../../api/types';
import { formatInstant } from '../../time';
import { STEP_STATE } from './campaigns';

echarts.use([ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const ORDER: StepState[] = ['MET', 'MET_LATE', 'OVERDUE', 'OPEN', 'CANCELLED', 'UNPLANNED'];

/**
 * A region's steps against their deadlines: a row per step, its deadline as a point coloured by
 * state, «now» as a vertical line. The same facts are in the table beside it (the chart is not the only record).
 */
export function StepsTimeline({ steps, timeZone, label }: { steps: StepProgress[]; timeZone: string; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const names = steps.map((s) => s.step);
    chart.setOption({
      grid: { left: 48, right: 24, top: 36, bottom: 36 },
      legend: { top: 0, data: ORDER.map((s) => STEP_STATE[s].label) },
      tooltip: {
        trigger: 'item',
        formatter: (p: { data: { step: StepProgress } }) => `${p.data.step.step}. ${p.data.step.title}<br/>Срок: ${formatInstant(p.data.step.dueAt, timeZone)}<br/>${STEP_STATE[p.data.step.state].label}`,
      },
      xAxis: { type: 'time', axisLabel: { formatter: (v: number) => new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit' }).format(new Date(v)) } },
      yAxis: { type: 'category', data: names, inverse: true },
      series: ORDER.map((state, i) => ({
        name: STEP_STATE[state].label,
        type: 'scatter',
        symbolSize: 14,
        itemStyle: { color: STEP_STATE[state].color },
        data: steps.filter((s) => s.state === state).map((s) => ({ value: [s.dueAt, s.step], step: s })),
        ...(i === 0 ? { markLine: { symbol: 'none', silent: true, lineStyle: { color: '#595959', type: 'dashed' }, label: { formatter: 'сейчас' }, data: [{ xAxis: Date.now() }] } } : {}),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [steps, timeZone]);
  return <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: Math.max(240, 60 + steps.length * 22) }} />;
}
