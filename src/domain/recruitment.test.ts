import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApplication } from '../test/builders.ts';
import { applicationsInYear, funnel, readvertisedCampaigns, recruitmentFigures } from './recruitment.ts';

const accepted = (overrides = {}) => buildApplication({ stageReached: 'accepted', offerDate: '2025-01-10', offerOutcome: 'accepted', acceptedDate: '2025-01-15', ...overrides });

test('a pending offer is an offer but neither accepted nor declined, and stays out of the acceptance rate', () => {
  const f = recruitmentFigures([
    accepted(),
    buildApplication({ stageReached: 'offered', offerDate: '2025-01-10', offerOutcome: 'declined', withdrawalReason: 'pay' }),
    buildApplication({ stageReached: 'offered', offerDate: '2025-01-10', offerOutcome: 'pending' }),
    buildApplication(),
  ]);
  assert.equal(f.applications, 4);
  assert.equal(f.offers, 3);
  assert.deepEqual([f.offers_accepted, f.offers_declined, f.offers_pending], [1, 1, 1]);
  assert.equal(f.offer_acceptance_rate, 50);
});

test('late-stage losses are declined offers plus accepted offers withdrawn before starting, over all offers', () => {
  const f = recruitmentFigures([
    accepted({ withdrawn: true, withdrawalReason: 'counter_offer' }),
    accepted({ stageReached: 'started', startDate: '2025-03-03' }),
    buildApplication({ stageReached: 'offered', offerDate: '2025-01-10', offerOutcome: 'declined', withdrawalReason: 'pay' }),
    buildApplication({ stageReached: 'offered', offerDate: '2025-01-10', offerOutcome: 'pending' }),
    buildApplication({ stageReached: 'interviewed', withdrawn: true, withdrawalReason: 'location' }),
  ]);
  assert.equal(f.late_stage_losses, 2);
  assert.equal(f.late_stage_loss_rate, 50);
  // Accepted offers include the one later withdrawn.
  assert.equal(f.offers_accepted, 2);
  assert.equal(f.starters, 1);
  assert.deepEqual(f.loss_reasons, { pay: 1, counter_offer: 1, location: 1, role_content: 0, timing: 0, other_offer: 0, not_known: 0, other: 0 });
});

test('time to offer runs from applying and time to hire from the advert, as medians in whole days', () => {
  const f = recruitmentFigures([
    // applied 9 Dec, offer 10 Jan: 32 days; advert 2 Dec, accepted 15 Jan: 44 days.
    accepted(),
    // applied 9 Dec, offer 19 Dec: 10 days; pending, so not in time to hire.
    buildApplication({ stageReached: 'offered', offerDate: '2024-12-19', offerOutcome: 'pending' }),
  ]);
  assert.equal(f.median_time_to_offer_days, 21);
  assert.equal(f.median_time_to_hire_days, 44);
});

test('with nothing to count, rates and medians are null', () => {
  const f = recruitmentFigures([buildApplication()]);
  assert.equal(f.offer_acceptance_rate, null);
  assert.equal(f.late_stage_loss_rate, null);
  assert.equal(f.median_time_to_offer_days, null);
  assert.equal(f.median_time_to_hire_days, null);
  // Only pending offers: an acceptance rate has nothing to count.
  assert.equal(recruitmentFigures([buildApplication({ offerDate: '2025-01-01', offerOutcome: 'pending', stageReached: 'offered' })]).offer_acceptance_rate, null);
});

test('by source and route count applications, offers and starters; campaigns advertised on two dates are re-advertised', () => {
  const apps = [
    accepted({ source: 'grow_your_own', route: 'apprentice', stageReached: 'started', startDate: '2025-03-03', campaign: 'C1' }),
    buildApplication({ source: 'grow_your_own', route: 'apprentice', campaign: 'C1', advertDate: '2025-01-06' }),
    buildApplication({ source: 'job_board', campaign: 'C2' }),
  ];
  const f = recruitmentFigures(apps);
  assert.deepEqual(f.by_source, [
    { key: 'grow_your_own', applications: 2, offers: 1, starters: 1 },
    { key: 'job_board', applications: 1, offers: 0, starters: 0 },
  ]);
  assert.deepEqual(f.by_route, [
    { key: 'apprentice', applications: 2, offers: 1, starters: 1 },
    { key: null, applications: 1, offers: 0, starters: 0 },
  ]);
  assert.deepEqual(readvertisedCampaigns(apps), ['C1']);
  assert.equal(f.campaigns_readvertised, 1);
});

test('the year is the census year of the applied date', () => {
  const apps = [buildApplication({ appliedDate: '2024-09-30' }), buildApplication({ appliedDate: '2024-10-01' }), buildApplication({ appliedDate: '2025-09-30' })];
  assert.equal(applicationsInYear(apps, 2025).length, 2);
});

test('the funnel counts each application at every stage up to the one it reached', () => {
  const rows = funnel([accepted({ stageReached: 'started', startDate: '2025-02-03' }), buildApplication({ stageReached: 'interviewed' }), buildApplication()], (a) => a.role);
  assert.deepEqual(rows, [{ key: 'case_holder', applied: 3, shortlisted: 2, interviewed: 2, offered: 1, accepted: 1, started: 1 }]);
});
