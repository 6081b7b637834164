import type { FastifyInstance } from 'fastify';
import * as apiDocs from '../api/docs.ts';
import * as api from '../api/routes.ts';
import * as account from './account.ts';
import * as adminAudit from './admin-audit.ts';
import * as adminUsers from './admin-users.ts';
import * as agency from './agency.ts';
import * as authority from './authority.ts';
import * as caseloads from './caseloads.ts';
import * as censusReturn from './census-return.ts';
import * as dashboard from './dashboard.ts';
import * as home from './home.ts';
import * as importGuide from './import-guide.ts';
import * as pay from './pay.ts';
import * as published from './published.ts';
import * as imports from './imports.ts';
import * as leavers from './leavers.ts';
import * as reviewMeetings from './review-meetings.ts';
import * as reviewOutcomes from './review-outcomes.ts';
import * as reviewTracking from './review-tracking.ts';
import * as reviews from './reviews.ts';
import * as settings from './settings.ts';
import * as signIn from './sign-in.ts';
import * as surveys from './surveys.ts';
import * as tracker from './tracker.ts';
import * as workforce from './workforce.ts';

/**
 * A route module exports `register(app)`, which adds routes that each declare
 * `config: { access: 'public' | 'viewer' | 'analyst' | 'admin' }`. Add new modules to this list.
 */
export interface RouteModule {
  register(app: FastifyInstance): void | Promise<void>;
}

export const routeModules: RouteModule[] = [
  home,
  signIn,
  dashboard,
  authority,
  account,
  adminUsers,
  adminAudit,
  workforce,
  imports,
  importGuide,
  leavers,
  surveys,
  reviews,
  reviewMeetings,
  reviewOutcomes,
  settings,
  agency,
  caseloads,
  pay,
  censusReturn,
  tracker,
  reviewTracking,
  published,
  api,
  apiDocs,
];
