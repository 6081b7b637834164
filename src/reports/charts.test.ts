import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChartSvg, lineChartSvg } from './charts.ts';
import { funnelChartSvg, spreadChartSvg } from './retention-charts.ts';

test('a line chart renders to a self-contained SVG with its description for screen readers', () => {
  const svg = lineChartSvg({
    title: 'Turnover',
    description: 'Turnover rate by census year, ours against England.',
    categories: [2022, 2023, 2024],
    series: [
      { name: 'Northbridge', values: [15.2, null, 17.9] },
      { name: 'England', values: [15.4, 17.1, 13.9] },
    ],
    unit: '%',
  });
  assert.match(svg, /^<svg[\s\S]*<\/svg>$/);
  assert.match(svg, /Turnover rate by census year/);
  assert.match(svg, /Northbridge/);
  assert.match(svg, /^<svg role="img" aria-label="Turnover. Turnover rate by census year/);
  assert.doesNotMatch(svg, /<style/);
});

test('a bar chart draws highlighted categories in the warning colour', () => {
  const svg = barChartSvg({
    title: 'Turnover by team',
    description: 'Turnover rate by team.',
    categories: ['Assessment', 'Fostering'],
    values: [25, 10],
    highlighted: new Set(['Assessment']),
    reference: { name: 'England 13.9%', value: 13.9 },
    unit: '%',
  });
  assert.match(svg, /#d4351c/i);
  assert.match(svg, /Fostering/);
});

test('a withheld point of a line is written [c] where it would be, not left as a gap read as a missing year', () => {
  const svg = lineChartSvg({
    title: 'Turnover',
    description: 'Turnover rate by census year.',
    categories: [2022, 2023, 2024],
    series: [
      { name: 'Northbridge', values: [15.2, null, 17.9], withheld: [false, true, false] },
      { name: 'England', values: [15.4, 17.1, 13.9] },
    ],
    unit: '%',
  });
  assert.equal(svg.match(/\[c\]/g)?.length, 1);
  // A value that is simply not available (not withheld) is left as a gap.
  assert.doesNotMatch(lineChartSvg({ title: 'T', description: 'D.', categories: [2023, 2024], series: [{ name: 'England', values: [null, 13.9] }] }), /\[c\]/);
});

test('a bar chart with a legend names what its colour marks, and writes [c] for a withheld bar', () => {
  const svg = barChartSvg({
    title: 'Turnover by team',
    description: 'Turnover rate by team.',
    categories: ['Assessment', 'Fostering', 'Tiny'],
    values: [25, 10, null],
    highlighted: new Set(['Assessment']),
    legend: { highlighted: 'At risk (above a threshold)', other: 'Not at risk' },
    missingLabels: [null, null, '[c]'],
    unit: '%',
  });
  assert.match(svg, /At risk \(above a threshold\)/);
  assert.match(svg, /Not at risk/);
  assert.match(svg, /#d4351c/i);
  assert.match(svg, /\[c\]/);
});

test('caseload spread writes [c] for a withheld group, and the funnel plot names the teams it withholds', () => {
  const spread = spreadChartSvg({ title: 'Spread', description: 'D.', categories: ['Big', 'Tiny'], median: [12, null], p90: [15, null], max: [18, null], withheld: [false, true] });
  assert.match(spread, /\[c\]/);
  const funnel = funnelChartSvg({
    title: 'Funnel',
    description: 'D.',
    target: 0.15,
    points: [{ team: 'Big', people: 20, rate: 0.2 }],
    limits: [{ people: 20, lower95: 0.05, upper95: 0.3, lower998: 0.01, upper998: 0.4 }],
    withheld: ['Tiny'],
  });
  assert.match(funnel, /\[c\] withheld \(fewer than 5 people\): Tiny/);
});
