import type { CurvePoint } from '../domain/survival.ts';
import { accessibleSvg, echarts } from './charts.ts';

/**
 * Charts for the caseloads and retention pages: survival step curves with their 95% bands, and
 * caseload spread by group. Server-side SVG like src/reports/charts.ts, with text alternatives;
 * the pages show the data tables beside them.
 */

const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#505a5f', '#912b88', '#85994b'];
const DASHES = ['solid', 'dashed', 'dotted'] as const;

export interface SurvivalChartInput {
  title: string;
  description: string;
  series: ReadonlyArray<{ name: string; points: readonly CurvePoint[] }>;
  /** Draw the 95% band (for one or two curves; with many the bands hide each other). */
  bands?: boolean;
  width?: number;
  height?: number;
}

/** Kaplan-Meier curves as step lines (survival % against months of service), each with its shaded 95% band. */
export function survivalChartSvg(input: SurvivalChartInput): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: input.width ?? 680, height: input.height ?? 360 });
  const round = (value: number) => Math.round(value * 10) / 10;
  const maxMonths = Math.max(12, ...input.series.flatMap((s) => s.points.map((p) => p.months)));
  try {
    const series: object[] = [];
    input.series.forEach((curve, index) => {
      const color = PALETTE[index % PALETTE.length];
      // Extend each curve flat to its last point so the last step is visible.
      const points = curve.points;
      if (input.bands !== false) {
        // The band: the lower limit (invisible) with the gap up to the upper limit stacked on it and shaded.
        series.push({
          name: `${curve.name} lower`,
          type: 'line',
          step: 'end',
          stack: `band${index}`,
          symbol: 'none',
          silent: true,
          lineStyle: { opacity: 0 },
          data: points.map((p) => [round(p.months), round(p.low)]),
          legendHoverLink: false,
        });
        series.push({
          name: `${curve.name} 95% band`,
          type: 'line',
          step: 'end',
          stack: `band${index}`,
          symbol: 'none',
          silent: true,
          lineStyle: { opacity: 0 },
          areaStyle: { color, opacity: 0.15 },
          data: points.map((p) => [round(p.months), round(p.high - p.low)]),
        });
      }
      series.push({
        name: curve.name,
        type: 'line',
        step: 'end',
        symbol: 'none',
        color,
        lineStyle: { width: 3, color, type: DASHES[index % DASHES.length] },
        data: points.map((p) => [round(p.months), round(p.survival)]),
      });
    });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Arial, sans-serif', color: '#0b0c0c' },
      aria: { enabled: true, label: { description: `${input.title}. ${input.description}` } },
      legend: { top: 0, textStyle: { fontSize: 14 }, data: input.series.map((s) => s.name) },
      grid: { left: 56, right: 24, top: input.series.length > 3 ? 72 : 48, bottom: 48 },
      xAxis: { type: 'value', min: 0, max: Math.min(120, Math.ceil(maxMonths / 12) * 12), interval: 12, name: 'Months of service', nameLocation: 'middle', nameGap: 28, axisLabel: { fontSize: 13 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 13, formatter: '{value}%' }, splitLine: { lineStyle: { color: '#e5e5e5' } } },
      series,
    });
    return accessibleSvg(chart.renderToSVGString(), input.title, input.description);
  } finally {
    chart.dispose();
  }
}

export interface SpreadChartInput {
  title: string;
  description: string;
  categories: readonly string[];
  median: ReadonlyArray<number | null>;
  p90: ReadonlyArray<number | null>;
  max: ReadonlyArray<number | null>;
  /** Groups whose figures are withheld (fewer than 5 workers): [c] is written in place of their bars, never an empty row read as zero. */
  withheld?: ReadonlyArray<boolean>;
  width?: number;
}

/** Caseload spread per group: median, 90th percentile and highest cases per FTE side by side. */
export function spreadChartSvg(input: SpreadChartInput): string {
  const height = Math.max(220, 72 + input.categories.length * 44);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: input.width ?? 680, height });
  const values = (list: ReadonlyArray<number | null>) => list.map((value) => (value === null ? '-' : Math.round(value * 10) / 10));
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Arial, sans-serif', color: '#0b0c0c' },
      aria: { enabled: true, label: { description: `${input.title}. ${input.description}` } },
      legend: { top: 0, textStyle: { fontSize: 14 } },
      grid: { left: 170, right: 48, top: 40, bottom: 28 },
      xAxis: { type: 'value', axisLabel: { fontSize: 13 }, splitLine: { lineStyle: { color: '#e5e5e5' } } },
      yAxis: { type: 'category', data: [...input.categories], inverse: true, axisLabel: { fontSize: 13, width: 160, overflow: 'truncate' } },
      series: [
        {
          name: 'Median',
          type: 'bar',
          // A withheld group: an invisible bar at 0 labelled [c], so its empty row is explained.
          data: values(input.median).map((value, index) =>
            input.withheld?.[index] ? { value: 0, itemStyle: { opacity: 0 }, label: { show: true, position: 'right', fontSize: 12, formatter: '[c]' } } : value,
          ),
          itemStyle: { color: '#1d70b8' },
        },
        {
          name: '90th percentile',
          type: 'bar',
          data: values(input.p90),
          itemStyle: { color: '#f47738', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0.8, color: 'rgba(0,0,0,0.35)' } },
        },
        {
          name: 'Highest',
          type: 'bar',
          data: values(input.max),
          itemStyle: { color: '#d4351c', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [1, 3], rotation: -0.8, color: 'rgba(255,255,255,0.6)' } },
        },
      ],
    });
    return accessibleSvg(chart.renderToSVGString(), input.title, input.description);
  } finally {
    chart.dispose();
  }
}

export interface FunnelChartInput {
  title: string;
  description: string;
  target: number;
  points: ReadonlyArray<{ team: string; people: number; rate: number }>;
  limits: ReadonlyArray<{ people: number; lower95: number; upper95: number; lower998: number; upper998: number }>;
  /** Teams whose turnover is withheld (fewer than 5 people): named under the plot with [c], not left out silently. */
  withheld?: readonly string[];
}

/** A funnel plot: each team's turnover (%) against its size, with the council's rate and 95% and 99.8% control limits. */
export function funnelChartSvg(input: FunnelChartInput): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: 680, height: 380 });
  const p = (value: number) => Math.round(value * 1000) / 10;
  const line = (name: string, key: 'lower95' | 'upper95' | 'lower998' | 'upper998', type: 'dashed' | 'dotted') => ({
    name,
    type: 'line',
    symbol: 'none',
    color: '#505a5f',
    lineStyle: { color: '#505a5f', width: 2, type },
    data: input.limits.map((limit) => [limit.people, p(limit[key])]),
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Arial, sans-serif', color: '#0b0c0c' },
      aria: { enabled: true, label: { description: `${input.title}. ${input.description}` } },
      legend: { top: 0, textStyle: { fontSize: 14 }, data: ['Teams', 'Council rate', '95% limits', '99.8% limits'] },
      // Room on the right for the last team's name, and below for the teams withheld.
      grid: { left: 56, right: 130, top: 48, bottom: input.withheld?.length ? 68 : 48 },
      ...(input.withheld?.length
        ? { graphic: [{ type: 'text', left: 56, bottom: 4, style: { text: `[c] withheld (fewer than 5 people): ${input.withheld.join(', ')}`, fontSize: 12, fill: '#0b0c0c' } }] }
        : {}),
      xAxis: { type: 'value', min: 0, name: 'Employed people in post', nameLocation: 'middle', nameGap: 28, axisLabel: { fontSize: 13 } },
      yAxis: { type: 'value', min: 0, axisLabel: { fontSize: 13, formatter: '{value}%' }, splitLine: { lineStyle: { color: '#e5e5e5' } } },
      series: [
        {
          name: 'Council rate',
          type: 'line',
          symbol: 'none',
          color: '#0b0c0c',
          lineStyle: { color: '#0b0c0c', width: 2 },
          data: [
            [0, p(input.target)],
            [input.limits.at(-1)?.people ?? 1, p(input.target)],
          ],
        },
        line('95% limits', 'upper95', 'dashed'),
        { ...line('95% limits', 'lower95', 'dashed') },
        line('99.8% limits', 'upper998', 'dotted'),
        { ...line('99.8% limits', 'lower998', 'dotted') },
        {
          name: 'Teams',
          type: 'scatter',
          color: '#1d70b8',
          symbolSize: 12,
          data: input.points.map((point) => ({ value: [point.people, p(point.rate)], name: point.team })),
          label: { show: true, position: 'right', fontSize: 12, formatter: '{b}' },
        },
      ],
    });
    return accessibleSvg(chart.renderToSVGString(), input.title, input.description);
  } finally {
    chart.dispose();
  }
}
