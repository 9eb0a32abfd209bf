// The only module that talks to the Tauri backend. Components import from here, never from
// @tauri-apps/api, so they can be tested (and later served) without a desktop around them.
import { invoke } from '@tauri-apps/api/core';
import { toAppError } from './errors';
import type { ActionFilter } from './generated/ActionFilter';
import type { ActionInput } from './generated/ActionInput';
import type { AgreedAction } from './generated/AgreedAction';
import type { AttendanceInput } from './generated/AttendanceInput';
import type { BackupFolder } from './generated/BackupFolder';
import type { CaseHistory } from './generated/CaseHistory';
import type { CaseIdentifier } from './generated/CaseIdentifier';
import type { CaseImportReport } from './generated/CaseImportReport';
import type { CaseItemInput } from './generated/CaseItemInput';
import type { DatabaseStatus } from './generated/DatabaseStatus';
import type { DemoReport } from './generated/DemoReport';
import type { DiscussionRecord } from './generated/DiscussionRecord';
import type { Meeting } from './generated/Meeting';
import type { MeetingDetail } from './generated/MeetingDetail';
import type { MeetingInput } from './generated/MeetingInput';
import type { MeetingSummary } from './generated/MeetingSummary';
import type { MemberInput } from './generated/MemberInput';
import type { OtherItemInput } from './generated/OtherItemInput';
import type { Outcome } from './generated/Outcome';
import type { Role } from './generated/Role';
import type { SearchHit } from './generated/SearchHit';
import type { TeamMember } from './generated/TeamMember';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (thrown) {
    throw toAppError(thrown);
  }
}

export const backend = {
  appStatus: () => call<DatabaseStatus>('app_status'),
  uiReady: (screen: string) => call<void>('ui_ready', { screen }),
  listRoles: () => call<Role[]>('list_roles'),
  listMembers: () => call<TeamMember[]>('list_members'),
  createMember: (input: MemberInput) => call<TeamMember>('create_member', { input }),
  updateMember: (id: number, input: MemberInput) => call<TeamMember>('update_member', { id, input }),
  removeMember: (id: number) => call<void>('remove_member', { id }),

  listMeetings: () => call<MeetingSummary[]>('list_meetings'),
  loadMeeting: (id: number) => call<MeetingDetail>('load_meeting', { id }),
  createMeeting: (input: MeetingInput) => call<Meeting>('create_meeting', { input }),
  updateMeeting: (id: number, input: MeetingInput) => call<Meeting>('update_meeting', { id, input }),
  startMeeting: (id: number) => call<Meeting>('start_meeting', { id }),
  finaliseMeeting: (id: number) => call<Meeting>('finalise_meeting', { id }),
  beginAmendment: (id: number, reason: string) => call<Meeting>('begin_amendment', { id, reason }),
  finishAmendment: (id: number) => call<Meeting>('finish_amendment', { id }),
  planNextMeeting: (id: number, startsAt: string) => call<Meeting>('plan_next_meeting', { id, startsAt }),

  addCaseItem: (meetingId: number, input: CaseItemInput) => call<number>('add_case_item', { meetingId, input }),
  updateCaseItem: (itemId: number, input: CaseItemInput) => call<void>('update_case_item', { itemId, input }),
  addOtherItem: (meetingId: number, input: OtherItemInput) => call<number>('add_other_item', { meetingId, input }),
  removeAgendaItem: (itemId: number) => call<void>('remove_agenda_item', { itemId }),
  reorderAgenda: (meetingId: number, ordered: number[]) => call<void>('reorder_agenda', { meetingId, ordered }),
  setItemOutcome: (itemId: number, outcome: Outcome, secondsUsed: number) =>
    call<void>('set_item_outcome', { itemId, outcome, secondsUsed }),
  recordItemTime: (itemId: number, secondsUsed: number) => call<void>('record_item_time', { itemId, secondsUsed }),
  saveDiscussion: (itemId: number, record: DiscussionRecord) => call<string>('save_discussion', { itemId, record }),
  setAttendance: (meetingId: number, memberId: number, input: AttendanceInput) =>
    call<void>('set_attendance', { meetingId, memberId, input }),
  revealIdentifier: (caseId: number) => call<CaseIdentifier>('reveal_identifier', { caseId }),
  caseHistory: (reference: string) => call<CaseHistory>('case_history', { reference }),
  search: (query: string) => call<SearchHit[]>('search', { query }),

  listActions: (filter: ActionFilter) => call<AgreedAction[]>('list_actions', { filter }),
  addAction: (itemId: number, input: ActionInput) => call<AgreedAction>('add_action', { itemId, input }),
  updateAction: (id: number, input: ActionInput) => call<AgreedAction>('update_action', { id, input }),
  removeAction: (id: number) => call<void>('remove_action', { id }),
  completeAction: (id: number, doneOn: string | null) => call<AgreedAction>('complete_action', { id, doneOn }),
  cancelAction: (id: number, reason: string) => call<AgreedAction>('cancel_action', { id, reason }),
  reopenAction: (id: number) => call<AgreedAction>('reopen_action', { id }),
  loadDemo: (force: boolean) => call<DemoReport>('load_demo', { force }),
  listBackups: () => call<BackupFolder>('list_backups'),
  backupNow: () => call<string>('backup_now'),
  setBackupDir: (dir: string) => call<string>('set_backup_dir', { dir }),
  restoreBackup: (path: string) => call<string>('restore_backup', { path }),
  recoverFromBackup: () => call<DatabaseStatus>('recover_from_backup'),
  importCases: (meetingId: number, csvText: string) => call<CaseImportReport>('import_cases', { meetingId, csvText }),
};

export type Backend = typeof backend;
