import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChartSvg, lineChartSvg } from './charts.ts';

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
