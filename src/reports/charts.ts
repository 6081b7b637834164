import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';

// ECharts is loaded when the first chart is drawn, not when this module is: most commands and
// many requests draw none, and loading it costs about as much as the rest of the app. Its
// one-file build (what `require` resolves to): the same library and version as its ES modules.
const requireModule = createRequire(import.meta.url);
let loadedEcharts: typeof Echarts | undefined;
export function echarts(): typeof Echarts {
  return (loadedEcharts ??= requireModule('echarts') as typeof Echarts);
}

/**
 * Charts rendered on the server to SVG with Apache ECharts, so pages need no JavaScript and the
 * same picture goes into the PDF data pack. Every chart has a text alternative (`title` and
 * `description`), and pages show the data table beside it.
 */

export interface ChartSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  /**
   * Which values are withheld (fewer than 5 people behind them): the chart writes [c] where each
   * would be, so a gap in the line is never read as a missing year or a zero. Say so in the description too.
   */
  withheld?: ReadonlyArray<boolean>;
}

/** What a chart writes where a figure is withheld: DfE's symbol, as the tables show it. */
const WITHHELD_LABEL = '[c]';

export interface LineChartInput {
  title: string;
  description: string;
  categories: ReadonlyArray<string | number>;
  series: ReadonlyArray<ChartSeries>;
  /** Suffix for axis labels, e.g. '%'. */
  unit?: string;
  /** False lets the value axis start near the lowest figure, as LAIT users ask; default true (from zero). */
  startAtZero?: boolean;
  width?: number;
  height?: number;
}

// GOV.UK Design System colours, distinguishable for common colour-vision deficiencies, in order of use.
const PALETTE = ['#1d70b8', '#d4351c', '#00703c', '#f47738', '#4c2c92', '#505a5f'];
// Line styles differ too, so series can be told apart without colour (WCAG 1.4.1).
const DASHES = ['solid', 'dashed', 'dotted', 'solid', 'dashed', 'dotted'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow'];

export function lineChartSvg(input: LineChartInput): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: input.width ?? 640, height: input.height ?? 320 });
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'Arial, sans-serif', color: '#0b0c0c' },
      aria: { enabled: true, label: { description: `${input.title}. ${input.description}` } },
      legend: { top: 0, textStyle: { fontSize: 14 } },
      grid: { left: 56, right: 24, top: 48, bottom: 36 },
      xAxis: { type: 'category', data: input.categories.map(String), axisLabel: { fontSize: 13 } },
      yAxis: {
        type: 'value',
        scale: input.startAtZero === false,
        axisLabel: { fontSize: 13, formatter: `{value}${input.unit ?? ''}` },
        splitLine: { lineStyle: { color: '#e5e5e5' } },
      },
      series: input.series.map((series, index) => ({
        name: series.name,
        type: 'line',
        data: series.values.map((value) => (value === null ? '-' : Math.round(value * 10) / 10)),
        connectNulls: false,
        symbol: SYMBOLS[index % SYMBOLS.length],
        symbolSize: 7,
        lineStyle: { width: 3, type: DASHES[index % DASHES.length] },
        ...withheldMarks(series),
      })),
    });
    return accessibleSvg(chart.renderToSVGString(), input.title, input.description);
  } finally {
    chart.dispose();
  }
}

/**
 * [c] written in the gap where each withheld value would be: level with the shown values either
 * side of it (their mean), or the nearest one at an end, so it sits on the line's path and not at
 * zero. A series withheld throughout has no path to sit on: the description and the table say so.
 */
function withheldMarks(series: ChartSeries): { markPoint?: object } {
  const shown = series.values.map((value, index) => (value === null || series.withheld?.[index] ? null : value));
  if (!series.withheld?.some(Boolean) || shown.every((value) => value === null)) return {};
  const nearest = (from: number, step: 1 | -1): number | null => {
    for (let i = from + step; i >= 0 && i < shown.length; i += step) if (shown[i] !== null) return shown[i]!;
    return null;
  };
  const data = series.withheld.flatMap((withheld, index) => {
    if (!withheld) return [];
    const before = nearest(index, -1);
    const after = nearest(index, 1);
    const level = before !== null && after !== null ? (before + after) / 2 : (before ?? after)!;
    return [{ coord: [index, Math.round(level * 10) / 10], value: WITHHELD_LABEL }];
  });
  return {
    markPoint: {
      symbol: 'circle',
      symbolSize: 1,
      itemStyle: { opacity: 0 },
      label: { show: true, position: 'inside', formatter: WITHHELD_LABEL, fontSize: 13, fontWeight: 'bold', color: '#0b0c0c' },
      data,
    },
  };
}

/**
 * ECharts' SSR output has no text alternative and carries hover styles that mean nothing in a
 * static picture (and whose class names clash between charts on one page): give it role="img",
 * a label and a title, and drop the styles.
 */
export function accessibleSvg(svg: string, title: string, description: string): string {
  const label = escapeXml(`${title}. ${description}`);
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/^<svg /, `<svg role="img" aria-label="${label}" focusable="false" `)
    .replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(title)}</title><desc>${escapeXml(description)}</desc>`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface BarChartInput {
  title: string;
  description: string;
  categories: ReadonlyArray<string>;
  values: ReadonlyArray<number | null>;
  unit?: string;
  /** A reference line, e.g. the England figure. */
  reference?: { name: string; value: number | null };
  /** Categories to draw in the warning colour (teams at risk). */
  highlighted?: ReadonlySet<string>;
  /** The colour for highlighted bars; default the warning red. Say what it means in the description. */
  highlightColour?: string;
  /**
   * A legend naming what the colours mean (e.g. highlighted "At risk", other "Not at risk"), so
   * colour marks only what the legend says. Without it the chart has no legend, and any highlight
   * must be explained beside the chart.
   */
  legend?: { highlighted: string; other: string };
  /**
   * What to write where a value is null, per category: "[c]" for a figure withheld, so a missing
   * bar is never read as zero. Null or absent writes nothing.
   */
  missingLabels?: ReadonlyArray<string | null>;
  width?: number;
  height?: number;
}

/** Bars that are not highlighted: GOV.UK blue. */
const OTHER_BAR = '#1d70b8';

export function barChartSvg(input: BarChartInput): string {
  const height = input.height ?? Math.max(200, (input.legend ? 64 : 48) + input.categories.length * 32);
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width: input.width ?? 640, height });
  try {
    const reference = input.reference?.value ?? null;
    const highlightColour = input.highlightColour ?? '#d4351c';
    const isHighlighted = (index: number) => input.highlighted?.has(input.categories[index] ?? '') ?? false;
    const bar = (value: number | null, index: number) => {
      const missing = value === null ? (input.missingLabels?.[index] ?? null) : null;
      // A withheld figure: an invisible bar at 0 carrying the label "[c]", so the gap is explained.
      if (missing !== null) return { value: 0, itemStyle: { opacity: 0 }, label: { show: true, position: 'right', fontSize: 12, formatter: missing } };
      return { value: value === null ? '-' : Math.round(value * 10) / 10, itemStyle: { color: isHighlighted(index) ? highlightColour : OTHER_BAR } };
    };
    const label = { show: true, position: 'right', fontSize: 12, formatter: `{c}${input.unit ?? ''}` };
    const markLine =
      reference === null
        ? undefined
        : { symbol: 'none', lineStyle: { color: '#0b0c0c', type: 'dashed', width: 2 }, label: { formatter: input.reference?.name, fontSize: 12 }, data: [{ xAxis: Math.round(reference * 10) / 10 }] };
    // With a legend, the two colours are two series drawn in the same place (barGap -100%), so the
    // legend names each colour; without one, one series.
    const series = input.legend
      ? [
          { name: input.legend.other, type: 'bar', color: OTHER_BAR, data: input.values.map((value, index) => (isHighlighted(index) ? '-' : bar(value, index))), label, markLine },
          { name: input.legend.highlighted, type: 'bar', color: highlightColour, barGap: '-100%', data: input.values.map((value, index) => (isHighlighted(index) ? bar(value, index) : '-')), label },
        ]
      : [{ type: 'bar', data: input.values.map(bar), label, markLine }];
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Arial, sans-serif', color: '#0b0c0c' },
      aria: { enabled: true, label: { description: `${input.title}. ${input.description}` } },
      ...(input.legend ? { legend: { top: 0, textStyle: { fontSize: 14 }, data: [input.legend.other, input.legend.highlighted] } } : {}),
      grid: { left: 160, right: 48, top: input.legend ? 40 : 24, bottom: 32 },
      xAxis: { type: 'value', axisLabel: { fontSize: 13, formatter: `{value}${input.unit ?? ''}` }, splitLine: { lineStyle: { color: '#e5e5e5' } } },
      yAxis: { type: 'category', data: [...input.categories], inverse: true, axisLabel: { fontSize: 13, width: 150, overflow: 'truncate' } },
      series,
    });
    return accessibleSvg(chart.renderToSVGString(), input.title, input.description);
  } finally {
    chart.dispose();
  }
}
