import { ACTION_STATUS_LABELS } from '../../domain/reviews.ts';
import { longDate } from '../../domain/format.ts';
import type { MinutesInput } from '../review-dossier.ts';
import { listOrNone, tableOrNone, text } from './blocks.ts';
import { checkedForCommittee, NONE_RECORDED, type ReviewDocument, type Section, type TableBlock } from './model.ts';

/**
 * A meeting's minutes as councils circulate them: who was there, what officers were asked to bring,
 * each item with its discussion and resolution, and the actions arising with owners and dates.
 * Before the meeting is minuted it is the agenda: the same title block with the information required.
 */
export function meetingMinutes(dossier: MinutesInput, meetingId: number): ReviewDocument | null {
  const meeting = dossier.meetings.find((m) => m.id === meetingId);
  if (!meeting) return null;
  const { review } = dossier;
  const minutes = meeting.minutes;
  const information: TableBlock = {
    kind: 'table',
    columns: [{ label: 'Information' }, { label: 'Officer responsible' }],
    rows: meeting.informationRequired.map((i) => [i.item, i.officer]),
  };
  const actions: TableBlock = {
    kind: 'table',
    columns: [{ label: 'Action' }, { label: 'Owner' }, { label: 'Due' }, { label: 'Status' }],
    rows: dossier.actions.filter((a) => a.meetingId === meeting.id).map((a) => [a.description, a.owner, longDate(a.dueDate), ACTION_STATUS_LABELS[a.status]]),
  };
  const attendance: Section[] = minutes
    ? [
        { heading: 'Present', blocks: listOrNone(minutes.present, false) },
        { heading: 'Officers', blocks: listOrNone(minutes.officers, false) },
        { heading: 'Apologies', blocks: minutes.apologies.length > 0 ? [{ kind: 'list', ordered: false, items: minutes.apologies }] : [text('None.')] },
      ]
    : [{ heading: 'Officers attending', blocks: listOrNone(meeting.officersAttending, false) }];
  const items: Section[] = minutes
    ? minutes.items.map((item, index) => ({
        number: String(index + 1),
        heading: item.title,
        blocks: [...(item.notes ? [text(item.notes)] : []), ...(item.resolutions ? [text(item.resolutions, 'Resolved:')] : [])],
      }))
    : [];
  return checkedForCommittee(
    {
      kind: 'minutes',
      council: dossier.authority.name,
      documentTitle: minutes ? `Minutes of meeting ${meeting.number}` : `Agenda for meeting ${meeting.number}`,
      title: review.title,
      meta: [
        ['Committee', review.scope.scrutinyBoard || NONE_RECORDED],
        ['Meeting', `${meeting.number}: ${meeting.subject}`],
        ['Date', longDate(meeting.date)],
      ],
      layout: 'sections',
      sections: [...attendance, { heading: 'Information required', blocks: tableOrNone(information) }, ...items, ...(minutes ? [{ heading: 'Actions arising', blocks: tableOrNone(actions) }] : [])],
      closing: [text(review.contactOfficer.trim() || NONE_RECORDED, 'Contact officer:')],
      produced: dossier.today,
    },
    dossier.withheldFigures,
  );
}
