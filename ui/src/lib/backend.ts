// The only module that talks to the Tauri backend. Components import from here, never from
// @tauri-apps/api, so they can be tested (and later served) without a desktop around them.
import { invoke } from '@tauri-apps/api/core';
import { toAppError } from './errors';
import type { ActionFilter } from './generated/ActionFilter';
import type { Arrangement } from './generated/Arrangement';
import type { ArrangementInput } from './generated/ArrangementInput';
import type { Session } from './generated/Session';
import type { SessionInput } from './generated/SessionInput';
import type { ActionInput } from './generated/ActionInput';
import type { ActionListOptions } from './generated/ActionListOptions';
import type { ActionPage } from './generated/ActionPage';
import type { Cancelled } from './generated/Cancelled';
import type { Reinstated } from './generated/Reinstated';
import type { AgreedAction } from './generated/AgreedAction';
import type { AuditEntity } from './generated/AuditEntity';
import type { AuditEntry } from './generated/AuditEntry';
import type { AttendanceInput } from './generated/AttendanceInput';
import type { BackupFolder } from './generated/BackupFolder';
import type { CaseGuidance } from './generated/CaseGuidance';
import type { Measure } from './generated/Measure';
import type { MeasureHistory } from './generated/MeasureHistory';
import type { MeasureInput } from './generated/MeasureInput';
import type { Sitting } from './generated/Sitting';
import type { SittingInput } from './generated/SittingInput';
import type { CaseOverrides } from './generated/CaseOverrides';
import type { ClosureInput } from './generated/ClosureInput';
import type { EscalationKey } from './generated/EscalationKey';
import type { EscalationState } from './generated/EscalationState';
import type { FlagCode } from './generated/FlagCode';
import type { CaseHistory } from './generated/CaseHistory';
import type { CaseIdentifier } from './generated/CaseIdentifier';
import type { CaseImportReport } from './generated/CaseImportReport';
import type { CaseItemInput } from './generated/CaseItemInput';
import type { CurrentUser } from './generated/CurrentUser';
import type { DatabaseStatus } from './generated/DatabaseStatus';
import type { DemoReport } from './generated/DemoReport';
import type { DateReading } from './generated/DateReading';
import type { DemoStatus } from './generated/DemoStatus';
import type { DirectoryEntry } from './generated/DirectoryEntry';
import type { DirectoryImportReport } from './generated/DirectoryImportReport';
import type { DirectoryInput } from './generated/DirectoryInput';
import type { DirectoryQuery } from './generated/DirectoryQuery';
import type { Dashboard } from './generated/Dashboard';
import type { Period } from './generated/Period';
import type { SupervisionStatus } from './generated/SupervisionStatus';
import type { SupervisionCase } from './generated/SupervisionCase';
import type { CaseSource } from './generated/CaseSource';
import type { AddedReviews } from './generated/AddedReviews';
import type { DueReview } from './generated/DueReview';
import type { ReviewOffer } from './generated/ReviewOffer';
import type { DiscussionRecord } from './generated/DiscussionRecord';
import type { GuidanceSettings } from './generated/GuidanceSettings';
import type { ExportReport } from './generated/ExportReport';
import type { FinaliseCheck } from './generated/FinaliseCheck';
import type { Meeting } from './generated/Meeting';
import type { MeetingDetail } from './generated/MeetingDetail';
import type { MeetingInput } from './generated/MeetingInput';
import type { MeetingReview } from './generated/MeetingReview';
import type { MeetingsOverview } from './generated/MeetingsOverview';
import type { MemberInput } from './generated/MemberInput';
import type { MergedRecord } from './generated/MergedRecord';
import type { OtherItemInput } from './generated/OtherItemInput';
import type { PersonProfile } from './generated/PersonProfile';
import type { Agreement } from './generated/Agreement';
import type { AgreementAtItem } from './generated/AgreementAtItem';
import type { ConsentToShare } from './generated/ConsentToShare';
import type { MadeReferral } from './generated/MadeReferral';
import type { Referral } from './generated/Referral';
import type { ReferralDetails } from './generated/ReferralDetails';
import type { ReferralFilter } from './generated/ReferralFilter';
import type { ReferralInput } from './generated/ReferralInput';
import type { ServiceSharing } from './generated/ServiceSharing';
import type { SharingConsent } from './generated/SharingConsent';
import type { StatusChange } from './generated/StatusChange';
import type { StatusEntry } from './generated/StatusEntry';
import type { SavedProfile } from './generated/SavedProfile';
import type { Outcome } from './generated/Outcome';
import type { Role } from './generated/Role';
import type { RoleComparison } from './generated/RoleComparison';
import type { RoleProfile } from './generated/RoleProfile';
import type { RoleSummary } from './generated/RoleSummary';
import type { SavedRecord } from './generated/SavedRecord';
import type { SaveReceipt } from './generated/SaveReceipt';
import type { CasePrompt } from './generated/CasePrompt';
import type { TeachIn } from './generated/TeachIn';
import type { TeachInDetails } from './generated/TeachInDetails';
import type { TeachInInput } from './generated/TeachInInput';
import type { TeachInPresenter } from './generated/TeachInPresenter';
import type { TeachInSlotInput } from './generated/TeachInSlotInput';
import type { TeachInSummary } from './generated/TeachInSummary';
import type { SearchHit } from './generated/SearchHit';
import type { SeriesDefaults } from './generated/SeriesDefaults';
import type { TeamMember } from './generated/TeamMember';
import type { Leaving } from './generated/Leaving';
import type { SupervisedRole } from './generated/SupervisedRole';

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
  /** Left the team on a typed day (15/12/2026, "today"), or back in it with null. */
  setMemberLeft: (id: number, leftOn: string | null) => call<Leaving>('set_member_left', { id, leftOn }),
  /** The roles the supervision log checks (SPLWs always), and setting them. */
  supervisedRoles: () => call<SupervisedRole[]>('supervised_roles'),
  setSupervisedRoles: (keys: string[]) => call<SupervisedRole[]>('set_supervised_roles', { keys }),
  // Who is using the app: named in the audit log, amendments and exports.
  currentUser: () => call<CurrentUser>('current_user'),
  chooseCurrentUser: (memberId: number) => call<CurrentUser>('choose_current_user', { memberId }),

  // Meetings to come, and the latest `pastLimit` finalised ones with the count of all.
  listMeetings: (pastLimit: number) => call<MeetingsOverview>('list_meetings', { pastLimit }),
  // Each series with what planning its next meeting starts from (its latest meeting's chair, ...).
  seriesDefaults: () => call<SeriesDefaults[]>('meeting_series_defaults'),
  loadMeeting: (id: number) => call<MeetingDetail>('load_meeting', { id }),
  mattersArising: (meetingId: number, limit: number) => call<ActionPage>('meeting_matters_arising', { meetingId, limit }),
  createMeeting: (input: MeetingInput) => call<Meeting>('create_meeting', { input }),
  updateMeeting: (id: number, input: MeetingInput) => call<Meeting>('update_meeting', { id, input }),
  startMeeting: (id: number) => call<Meeting>('start_meeting', { id }),
  finaliseChecks: (id: number) => call<FinaliseCheck[]>('finalise_checks', { id }),
  finaliseMeeting: (id: number) => call<Meeting>('finalise_meeting', { id }),
  cancelMeeting: (id: number, reason: string) => call<Cancelled>('cancel_meeting', { id, reason }),
  reinstateMeeting: (id: number) => call<Reinstated>('reinstate_meeting', { id }),
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
  // A case record as saved now, with the version the next save must name.
  openDiscussion: (itemId: number) => call<SavedRecord>('open_discussion', { itemId }),
  // Refused with a `conflict` on the field `version` when someone saved a newer version since.
  saveDiscussion: (itemId: number, basedOn: number, record: DiscussionRecord) =>
    call<SaveReceipt>('save_discussion', { itemId, basedOn, record }),
  mergeDiscussion: (itemId: number, base: DiscussionRecord, mine: DiscussionRecord) =>
    call<MergedRecord>('merge_discussion', { itemId, base, mine }),
  /** What a date typed the UK way means, in words; refused with the reason when it is not a date. */
  readDate: (text: string) => call<DateReading>('read_date', { text }),
  setAttendance: (meetingId: number, memberId: number, input: AttendanceInput) =>
    call<void>('set_attendance', { meetingId, memberId, input }),
  revealIdentifier: (caseId: number) => call<CaseIdentifier>('reveal_identifier', { caseId }),
  caseHistory: (reference: string) => call<CaseHistory>('case_history', { reference }),
  // What matters to the person and their goals, on the person (the case), kept across meetings.
  openPersonProfile: (caseId: number) => call<SavedProfile>('open_person_profile', { caseId }),
  // Refused with a `conflict` on the field `version` when someone saved a newer version since.
  savePersonProfile: (caseId: number, basedOn: number, profile: PersonProfile) =>
    call<SavedProfile>('save_person_profile', { caseId, basedOn, profile }),
  // The person's joint-working agreement as one discussion shows it.
  openAgreement: (itemId: number) => call<AgreementAtItem>('open_agreement', { itemId }),
  // "Still right": refused with a `conflict` when the agreement changed since the screen showed it.
  confirmAgreement: (itemId: number, basedOn: number) => call<AgreementAtItem>('confirm_agreement', { itemId, basedOn }),
  // Agrees or changes the agreement at this discussion; a change needs a reason.
  changeAgreement: (itemId: number, basedOn: number, agreement: Agreement, reason: string) =>
    call<AgreementAtItem>('change_agreement', { itemId, basedOn, agreement, reason }),
  // Reviews that come back: who is due by a meeting's day, adding them in one step, and the overdue.
  reviewOffer: (meetingId: number) => call<ReviewOffer>('review_offer', { meetingId }),
  addDueReviews: (meetingId: number, caseIds: number[]) => call<AddedReviews>('add_due_reviews', { meetingId, caseIds }),
  overdueReviews: () => call<DueReview[]>('overdue_reviews'),
  search: (query: string) => call<SearchHit[]>('search', { query }),

  // The first `limit` actions matching the filter, with the count of all and of the overdue.
  listActions: (filter: ActionFilter, limit: number) => call<ActionPage>('list_actions', { filter, limit }),
  addAction: (itemId: number, input: ActionInput) => call<AgreedAction>('add_action', { itemId, input }),
  updateAction: (id: number, input: ActionInput) => call<AgreedAction>('update_action', { id, input }),
  removeAction: (id: number) => call<void>('remove_action', { id }),
  completeAction: (id: number, doneOn: string | null) => call<AgreedAction>('complete_action', { id, doneOn }),
  cancelAction: (id: number, reason: string) => call<AgreedAction>('cancel_action', { id, reason }),
  reopenAction: (id: number) => call<AgreedAction>('reopen_action', { id }),
  loadDemo: (force: boolean) => call<DemoReport>('load_demo', { force }),
  demoStatus: () => call<DemoStatus>('demo_status'),
  auditHistory: (entity: AuditEntity, id: number) => call<AuditEntry[]>('audit_history', { entity, id }),
  listBackups: () => call<BackupFolder>('list_backups'),
  backupNow: () => call<string>('backup_now'),
  setBackupDir: (dir: string) => call<string>('set_backup_dir', { dir }),
  restoreBackup: (path: string) => call<string>('restore_backup', { path }),
  recoverFromBackup: () => call<DatabaseStatus>('recover_from_backup'),
  importCases: (meetingId: number, csvText: string) => call<CaseImportReport>('import_cases', { meetingId, csvText }),

  caseGuidance: (itemId: number, record: DiscussionRecord) => call<CaseGuidance>('case_guidance', { itemId, record }),
  recordLeadDecision: (itemId: number, overrideReason: string) =>
    call<CaseGuidance>('record_lead_decision', { itemId, overrideReason }),
  closeEscalation: (itemId: number, key: EscalationKey, closure: ClosureInput) =>
    call<EscalationState[]>('close_escalation', { itemId, key, closure }),
  reopenEscalation: (itemId: number, key: EscalationKey) => call<EscalationState[]>('reopen_escalation', { itemId, key }),
  dismissFlag: (itemId: number, code: FlagCode, fingerprint: string, reason: string) =>
    call<CaseGuidance>('dismiss_flag', { itemId, code, fingerprint, reason }),
  undoDismissal: (itemId: number, dismissalId: number) => call<CaseGuidance>('undo_dismissal', { itemId, dismissalId }),
  meetingReview: (meetingId: number) => call<MeetingReview>('meeting_review', { meetingId }),
  meetingOverrides: (meetingId: number) => call<CaseOverrides[]>('meeting_overrides', { meetingId }),
  guidanceSettings: () => call<GuidanceSettings>('guidance_settings'),
  saveGuidanceSettings: (settings: GuidanceSettings) => call<GuidanceSettings>('save_guidance_settings', { settings }),
  listRoleSummaries: () => call<RoleSummary[]>('list_role_summaries'),
  roleSummary: (key: string) => call<RoleSummary>('role_summary', { key }),
  saveRoleProfile: (key: string, profile: RoleProfile) => call<RoleSummary>('save_role_profile', { key, profile }),
  resetRoleProfile: (key: string) => call<RoleSummary>('reset_role_profile', { key }),
  compareRoles: (left: string, right: string) => call<RoleComparison>('compare_roles', { left, right }),
  /** Saves where the user chooses; what was written, or null when they cancel. */
  exportRoleSheets: (keys: string[], compare: [string, string] | null) =>
    call<ExportReport | null>('export_role_sheets', { keys, compare }),

  listTeachIns: () => call<TeachInSummary[]>('list_teach_ins'),
  loadTeachIn: (id: number) => call<TeachIn>('load_teach_in', { id }),
  createTeachIn: (input: TeachInInput) => call<TeachIn>('create_teach_in', { input }),
  updateTeachIn: (id: number, details: TeachInDetails) => call<TeachIn>('update_teach_in', { id, details }),
  updateTeachInSlot: (slotId: number, input: TeachInSlotInput) => call<TeachIn>('update_teach_in_slot', { slotId, input }),
  addTeachInSlot: (id: number, input: TeachInSlotInput) => call<TeachIn>('add_teach_in_slot', { id, input }),
  removeTeachInSlot: (slotId: number) => call<TeachIn>('remove_teach_in_slot', { slotId }),
  reorderTeachInSlots: (id: number, ordered: number[]) => call<TeachIn>('reorder_teach_in_slots', { id, ordered }),
  removeTeachIn: (id: number) => call<void>('remove_teach_in', { id }),
  teachInSlotSuggestedNotes: (slotId: number) => call<string>('teach_in_slot_suggested_notes', { slotId }),
  teachInCasePrompts: (roleKeys: string[]) => call<CasePrompt[]>('teach_in_case_prompts', { roleKeys }),
  teachInDefaultPresenters: (roleKeys: string[]) =>
    call<TeachInPresenter[]>('teach_in_default_presenters', { roleKeys }),
  addTeachInToMeeting: (meetingId: number, teachInId: number) =>
    call<number>('add_teach_in_to_meeting', { meetingId, teachInId }),
  /** Saves where the user chooses; what was written, or null when they cancel. */
  exportTeachIn: (id: number) => call<ExportReport | null>('export_teach_in', { id }),
  exportTeachInHandout: (id: number) => call<ExportReport | null>('export_teach_in_handout', { id }),
  // Referrals both ways; changes name the version they were based on (a `conflict` on `version` when stale).
  outcomeMeasures: () => call<Measure[]>('outcome_measures'),
  setOutcomeMeasureInUse: (key: string, inUse: boolean) => call<Measure>('set_outcome_measure_in_use', { key, inUse }),
  addOutcomeMeasure: (input: MeasureInput) => call<Measure>('add_outcome_measure', { input }),
  outcomesForPerson: (caseId: number) => call<MeasureHistory[]>('outcomes_for_person', { caseId }),
  recordOutcome: (caseId: number, input: SittingInput) => call<Sitting>('record_outcome', { caseId, input }),
  removeOutcome: (id: number, reason: string) => call<void>('remove_outcome', { id, reason }),
  listReferrals: (filter: ReferralFilter) => call<Referral[]>('list_referrals', { filter }),
  makeReferral: (itemId: number, input: ReferralInput) => call<MadeReferral>('make_referral', { itemId, input }),
  listDirectory: (query: DirectoryQuery) => call<DirectoryEntry[]>('list_directory', { query }),
  addDirectoryEntry: (input: DirectoryInput) => call<DirectoryEntry>('add_directory_entry', { input }),
  updateDirectoryEntry: (id: number, basedOn: number, input: DirectoryInput) =>
    call<DirectoryEntry>('update_directory_entry', { id, basedOn, input }),
  markDirectoryEntryChecked: (id: number, basedOn: number, on: string) =>
    call<DirectoryEntry>('mark_directory_entry_checked', { id, basedOn, on }),
  archiveDirectoryEntry: (id: number, basedOn: number, archived: boolean) =>
    call<DirectoryEntry>('archive_directory_entry', { id, basedOn, archived }),
  importDirectory: (csvText: string) => call<DirectoryImportReport>('import_directory', { csvText }),
  /** Saves the directory as CSV where the user chooses; null when they cancel. */
  exportDirectory: () => call<ExportReport | null>('export_directory'),
  /** Each SPLW's supervision as of today (the roster warns after a month without). */
  supervisionStatus: () => call<SupervisionStatus[]>('supervision_status'),
  /** From a "raise in supervision" or "joint debrief" suggestion: on each named SPLW's list for their next supervision. */
  takeCaseToSupervision: (itemId: number, source: CaseSource) => call<SupervisionCase[]>('take_case_to_supervision', { itemId, source }),
  /** Sets who supervises a member; `basedOn` is the version shown (0 for none); older is refused as stale. */
  setSupervisionArrangement: (superviseeId: number, basedOn: number, input: ArrangementInput) =>
    call<Arrangement>('set_supervision_arrangement', { superviseeId, basedOn, input }),
  /** Records a session held (not after today) and the waiting cases it took. */
  recordSupervisionSession: (input: SessionInput) => call<Session>('record_supervision_session', { input }),
  /** A member's sessions, latest first. */
  supervisionSessions: (superviseeId: number) => call<Session[]>('supervision_sessions', { superviseeId }),
  /** The cases waiting for a member's next supervision, oldest first. */
  supervisionWaiting: (superviseeId: number) => call<SupervisionCase[]>('supervision_waiting', { superviseeId }),
  /** The quarter holding today and the `count - 1` before it, latest first (NHS financial-year quarters). */
  dashboardQuarters: (count: number) => call<Period[]>('dashboard_quarters', { count }),
  /** A period from two days as typed (15/12/2026); refused with the field (`from` or `to`) that is wrong. */
  dashboardPeriod: (from: string, to: string) => call<Period>('dashboard_period', { from, to }),
  /** The dashboard's figures and charts for a period, as of today. */
  dashboard: (period: Period) => call<Dashboard>('dashboard', { period }),
  /** Saves the quarterly MDT report for a period as a PDF where the user chooses; null when they cancel. */
  exportQuarterlyReport: (period: Period) => call<ExportReport | null>('export_quarterly_report', { period }),
  updateReferral: (id: number, basedOn: number, details: ReferralDetails) =>
    call<Referral>('update_referral', { id, basedOn, details }),
  changeReferralStatus: (id: number, basedOn: number, change: StatusChange) =>
    call<Referral>('change_referral_status', { id, basedOn, change }),
  referralFeedbackGiven: (id: number, basedOn: number, on: string | null) =>
    call<Referral>('referral_feedback_given', { id, basedOn, on }),
  referralHistory: (id: number) => call<StatusEntry[]>('referral_history', { id }),
  // Consent to share with outside services (not consent to MDT discussion, which is the agenda item's).
  sharingForItem: (itemId: number) => call<ServiceSharing[]>('sharing_for_item', { itemId }),
  recordSharing: (itemId: number, service: string, decision: ConsentToShare, on: string) =>
    call<SharingConsent>('record_sharing', { itemId, service, decision, on }),
  exportReferralLetter: (referralId: number, includeIdentifiers: boolean) =>
    call<ExportReport | null>('export_referral_letter', { referralId, includeIdentifiers }),
  // The save dialog runs in the backend; null means the user cancelled it.
  exportMinutes: (meetingId: number, includeIdentifiers: boolean) =>
    call<ExportReport | null>('export_minutes', { meetingId, includeIdentifiers }),
  exportAgendaPack: (meetingId: number, perPresenter: boolean) =>
    call<ExportReport | null>('export_agenda_pack', { meetingId, perPresenter }),
  /** The meeting's calendar invitation (.ics); its report has no pages. */
  exportInvitation: (meetingId: number) => call<ExportReport | null>('export_invitation', { meetingId }),
  exportActionList: (options: ActionListOptions) => call<ExportReport | null>('export_action_list', { options }),
  /** Opens a file exported in this session in the computer's program for it (PDF viewer, calendar). */
  openExport: (path: string) => call<void>('open_export', { path }),
};

export type Backend = typeof backend;
