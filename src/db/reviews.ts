/**
 * Scrutiny review records, one module per aggregate in src/db/reviews/: records.ts (the review and
 * its scope), meetings.ts (with minutes), actions.ts, packs.ts, evidence.ts, findings.ts,
 * recommendations.ts; where.ts names the conditions they share. Every function takes the authority
 * and every query filters by it, so a review id from another council finds nothing (the web layer
 * turns that into 404). Writes go through the commands in src/commands/, which add the audit entry.
 */

export { createReview, getReview, listReviews, updateReview, type ReviewSummary } from './reviews/records.ts';
export { addMeeting, getMeeting, listMeetings, saveMinutes, updateMeeting, type MeetingPlan } from './reviews/meetings.ts';
export { addAction, getAction, listActions, overdueActions, setActionStatus, updateAction, type OverdueAction } from './reviews/actions.ts';
export { getPack, issuePack, listPacks, type StoredPack } from './reviews/packs.ts';
export { addEvidence, getEvidenceFile, listEvidence, removeEvidence, type EvidenceItem, type EvidenceKind } from './reviews/evidence.ts';
export { addFinding, addProposedFindings, decideFinding, getFinding, listFindings } from './reviews/findings.ts';
export { addRecommendation, getRecommendation, listRecommendations, updateRecommendation, type RecommendationFields } from './reviews/recommendations.ts';
export { ofReview, oneOfReview, type ReviewChildTable } from './reviews/where.ts';
