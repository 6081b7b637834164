import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApplication, buildAssignment, buildWorker } from '../test/builders.ts';
import { agencyFigures, censusYearPeriod } from './agency.ts';
import { agencyNonCompliant, agencyPremiumRising, lateStageLossesForPay, offerAcceptanceLow, type AgencyFindingsInput } from './agency-findings.ts';
import { recruitmentFigures } from './recruitment.ts';

const workers = [buildWorker({ salary: 38_000 })];
const five = (overrides = {}) => Array.from({ length: 5 }, () => buildAssignment({ startDate: '2023-06-01', ...overrides }));

function input(overrides: Partial<AgencyFindingsInput>): AgencyFindingsInput {
  return { censusYear: 2025, agency: null, previousAgency: null, recruitment: null, applications: [], ...overrides };
}

test('a premium per agency FTE higher than last year is proposed as a weakness', () => {
  const cheap = five({ hourlyRate: 40 });
  const dear = five({ hourlyRate: 40, endDate: '2024-09-30' }).concat(five({ startDate: '2024-10-01', hourlyRate: 48 }));
  const figures = (assignments: typeof cheap, year: number) => agencyFigures({ assignments, caps: [], workers, period: censusYearPeriod(year) });
  const [finding] = agencyPremiumRising(input({ agency: figures(dear, 2025), previousAgency: figures(dear, 2024) }));
  assert.equal(finding?.ruleId, 'agency-premium-rising');
  assert.ok(finding!.value! > finding!.comparator!);
  assert.deepEqual(agencyPremiumRising(input({ agency: figures(cheap, 2025), previousAgency: figures(cheap, 2024) })), []);
});

test('non-compliant assignments are proposed, with counts under 5 written as fewer than 5', () => {
  const agency = agencyFigures({ assignments: [...five(), buildAssignment({ startDate: '2025-01-06', qualifiedDate: '2024-01-01' })], caps: [], workers, period: censusYearPeriod(2025) });
  const [finding] = agencyNonCompliant(input({ agency }));
  assert.equal(finding?.statement, 'Fewer than 5 agency assignments in 2025 did not meet DfE’s statutory guidance on agency social workers.');
  assert.doesNotMatch(finding!.evidence, /: 1;/);
});

test('offer acceptance below 70% and late-stage losses for pay are proposed once there are 5 or more', () => {
  const declined = (reason: 'pay' | 'counter_offer') => buildApplication({ stageReached: 'offered', offerDate: '2025-01-10', offerOutcome: 'declined', withdrawalReason: reason });
  const accepted = () => buildApplication({ stageReached: 'accepted', offerDate: '2025-01-10', offerOutcome: 'accepted', acceptedDate: '2025-01-12' });
  const applications = [declined('pay'), declined('pay'), declined('pay'), declined('counter_offer'), declined('counter_offer'), accepted(), accepted(), accepted(), accepted(), accepted()];
  const recruitment = recruitmentFigures(applications);
  assert.equal(offerAcceptanceLow(input({ recruitment }))[0]?.value, 50);
  const [losses] = lateStageLossesForPay(input({ recruitment, applications }));
  assert.equal(losses?.statement, '5 candidates offered a post in 2025 were lost for pay or a counter-offer from their employer.');
  assert.match(losses!.evidence, /for pay: fewer than 5; for a counter-offer: fewer than 5/);
  const few = applications.slice(1);
  assert.deepEqual(lateStageLossesForPay(input({ recruitment: recruitmentFigures(few), applications: few })), []);
});
