//! A fictional neighbourhood team and four of its meetings, for a first look at the app and for
//! screenshots. Everything goes in through the same core calls a user's actions make, so the demo
//! minutes obey every rule real minutes do.
//!
//! Six cases are written afresh from the case examples in the RCOT/NASP guidance on occupational
//! therapists and social prescribing link workers working together; five are the team's own
//! (README, "Demo data", says which). People, organisations, email
//! domains (`.example`, `example.org`) and phone numbers (Ofcom's drama ranges) are invented, and no
//! case has an NHS number.

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use tracing::instrument;
use ts_rs::TS;

use crate::actions::{self, ActionInput};
use crate::agenda::{self, AgendaItem, AgendaKind, CaseItemInput, Consent, OtherItemInput, Outcome, Professional};
use crate::attendance::{self, AttendanceInput, AttendanceStatus};
use crate::cases::CaseIdentifier;
use crate::discussions::{
    self, DiscussionRecord, Escalation, EscalationTrigger as Trigger, Lead, Need, Transition, TransitionDirection,
};
use crate::meetings::{self, MeetingInput, MeetingStatus};
use crate::members::{self, MemberInput};
use crate::person::{self, PersonProfile};
use crate::{Error, Result, Store, dates};

/// The demo's meeting series. "(demo)" keeps it apart from any real team's series.
pub const SERIES: &str = "Riverside Neighbourhood MDT (demo)";
/// Who the audit log says made the demo's changes.
pub const ACTOR: &str = "MDT Assistant demo data";
/// The four meetings' titles, oldest first: each says it is the demo and what it was about, so
/// that they can be told apart in the meetings list (and in file names of their minutes).
pub const TITLES: [&str; 4] = [
    "Riverside MDT (demo): long COVID and hoarding referrals",
    "Riverside MDT (demo): step-downs and a falls referral",
    "Riverside MDT (demo): frequent attender and falls review",
    "Riverside MDT (demo): reviews and an OT and SPLW teach-in",
];
const LOCATION: &str = "Riverside Vale Health Centre, meeting room 2";
const VIDEO_LINK: &str = "https://meet.example.org/riverside-mdt";
const MEETING_TIME: &str = "13:00";
const PLANNED_MINUTES: i64 = 90;
const PCN: &str = "Riverside Vale PCN";
const PRACTICE: &str = "Riverside Vale Health Centre";

/// What a demo load added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoReport {
    pub series: String,
    pub members: usize,
    pub meetings: usize,
    pub cases: usize,
    pub actions: usize,
}

/// Whether the demo is in the database, so that the app can say its data is fictional and stop
/// offering to load it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoStatus {
    pub loaded: bool,
    /// The demo's meeting series.
    pub series: String,
    /// How many members of the roster the demo added (and are still on it).
    pub members: i64,
}

/// True when the database has no team members and no meetings, as on a first start.
pub fn is_empty(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM team_members) AND NOT EXISTS (SELECT 1 FROM meetings)",
        [],
        |r| r.get(0),
    )?)
}

/// Whether the demo team and meetings are in this database.
pub fn status(conn: &Connection) -> Result<DemoStatus> {
    let loaded = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meeting_series s JOIN meetings m ON m.series_id = s.id WHERE s.name = ?1)",
        [SERIES],
        |r| r.get(0),
    )?;
    // The members the demo added are those whose creation the log records under the demo's name.
    let members = conn.query_row(
        "SELECT count(*) FROM team_members WHERE id IN
             (SELECT entity_id FROM audit_log WHERE entity = 'team_member' AND action = 'create' AND actor = ?1)",
        [ACTOR],
        |r| r.get(0),
    )?;
    Ok(DemoStatus { loaded, series: SERIES.into(), members })
}

/// Loads the demo team and its meetings, dated around `today`. Refused when the demo is already
/// there, and on a database with data unless `force`, which adds the demo beside that data and
/// changes nothing already in it.
///
/// Every core call commits on its own, so the load is not one transaction: if it stops part-way,
/// the error says so.
#[instrument(skip(store), err)]
pub fn load(store: &mut Store, today: NaiveDate, force: bool) -> Result<DemoReport> {
    check_loadable(store.conn(), force)?;
    // The audit log must not say the person who ran the load wrote these invented minutes.
    store.acting_as(ACTOR, |store| build(store, &Days(today))).map_err(stopped_part_way)
}

fn check_loadable(conn: &Connection, force: bool) -> Result<()> {
    if status(conn)?.loaded {
        return Err(Error::Conflict(format!(
            "The demo team is already in this database (meeting series \"{SERIES}\"), so it was not loaded again."
        )));
    }
    if !force && !is_empty(conn)? {
        return Err(Error::Conflict(
            "This database already has team members or meetings, so the demo data was not loaded. \
             Loading it with force (mdt demo --force) adds the fictional demo team and its meetings beside \
             them and changes nothing already there."
                .into(),
        ));
    }
    Ok(())
}

fn stopped_part_way(e: Error) -> Error {
    Error::Internal(format!(
        "loading the demo data stopped part-way: {e} Some demo members or meetings (series \"{SERIES}\") may \
         already have been added; load the demo into a new, empty database instead"
    ))
}

fn build(store: &mut Store, days: &Days) -> Result<DemoReport> {
    let members_before = members::list(store.conn())?.len();
    let team = Team::create(store)?;
    let scripts = [first_meeting(&team, days), second_meeting(&team, days), third_meeting(&team, days), fourth_meeting(&team)];
    let ids = plan(store, &team, days, &scripts)?;
    let mut tally = Tally::default();
    for (id, script) in ids.into_iter().zip(&scripts) {
        run(store, id, script, &mut tally)?;
    }
    // The demo's records answer the joint-working questions on each discussion, as records did
    // before agreements were kept on the person: each person's latest answers become their agreement.
    store.write(|tx, _| crate::agreement::seed_from_records(tx))?;
    supervise(store, &team, days)?;
    Ok(DemoReport {
        series: SERIES.into(),
        members: members::list(store.conn())?.len() - members_before,
        meetings: scripts.len(),
        cases: tally.cases.len(),
        actions: tally.actions,
    })
}

/// The demo SPLW's supervision log: the GP supervises them and saw them, one to one, three weeks
/// before the demo's day, so the log has something to show and the roster no warning.
fn supervise(store: &mut Store, team: &Team, days: &Days) -> Result<()> {
    use crate::supervision::{self, ArrangementInput, SessionFormat, SessionInput};
    supervision::set_arrangement(store, team.splw, 0, &ArrangementInput { supervisor_id: team.gp, scope_confirmed: false })?;
    let held_on = (days.0 - Duration::days(21)).format("%d/%m/%Y").to_string();
    let session = SessionInput { supervisee_id: team.splw, supervisor_id: team.gp, held_on, format: SessionFormat::OneToOne, case_ids: Vec::new() };
    supervision::record_session(store, &session, days.0)?;
    Ok(())
}

/// The demo team's member ids.
struct Team {
    gp: i64,
    coordinator: i64,
    ot: i64,
    cis_ot: i64,
    splw: i64,
    nurse: i64,
    pharmacist: i64,
    mental_health: i64,
    physio: i64,
    social_worker: i64,
    safeguarding: i64,
    hiu: i64,
}

impl Team {
    fn create(store: &mut Store) -> Result<Team> {
        let mut add = |name: &str, role_key: &str, organisation: &str, email: &str, phone: &str, core_member: bool| {
            let input = MemberInput {
                name: name.into(),
                role_key: role_key.into(),
                organisation: organisation.into(),
                email: email.into(),
                phone: phone.into(),
                core_member,
            };
            members::create(store, &input).map(|m| m.id)
        };
        Ok(Team {
            gp: add("Dr Amara Testwell", "gp", PRACTICE, "amara.testwell@riversidevale.example", "0113 496 0101", true)?,
            coordinator: add("Femi Placeholder", "care_coordinator", PCN, "femi.placeholder@riversidevale.example", "0113 496 0102", true)?,
            ot: add("Priya Mockford", "ot", PCN, "priya.mockford@riversidevale.example", "07700 900101", true)?,
            splw: add("Tomasz Sampleby", "splw", PCN, "tomasz.sampleby@riversidevale.example", "07700 900102", true)?,
            nurse: add("Jo Dummyworth", "nurse", "Vale Community Nursing", "jo.dummyworth@example.org", "0113 496 0300", true)?,
            pharmacist: add("Lena Notional", "pharmacist", PCN, "lena.notional@riversidevale.example", "0113 496 0104", true)?,
            mental_health: add("Sam Hypothetical", "mental_health", PRACTICE, "sam.hypothetical@riversidevale.example", "0113 496 0105", true)?,
            physio: add("Kwame Examplar", "physio", PCN, "kwame.examplar@riversidevale.example", "0113 496 0106", true)?,
            cis_ot: add("Owen Fictus", "ot", "Vale Community Independence Service", "owen.fictus@example.org", "0113 496 0210", false)?,
            social_worker: add("Ruth Pretendle", "social_worker", "Vale Council Adult Social Care", "ruth.pretendle@example.org", "0113 496 0220", false)?,
            safeguarding: add("Bernie Madeup", "safeguarding", PCN, "bernie.madeup@riversidevale.example", "0113 496 0107", false)?,
            hiu: add("Callum Mockridge", "hiu_lead", "Vale Urgent Care Partnership", "callum.mockridge@example.org", "07700 900103", false)?,
        })
    }
}

/// Dates counted in days from the `today` the demo is loaded for.
struct Days(NaiveDate);

impl Days {
    fn date(&self, offset: i64) -> String {
        (self.0 + Duration::days(offset)).format(dates::DATE_FORMAT).to_string()
    }

    fn start(&self, offset: i64) -> String {
        format!("{}T{MEETING_TIME}", self.date(offset))
    }
}

/// One meeting as it went (or will go): who came, and what happened to each agenda item.
struct MeetingScript {
    day: i64,
    status: MeetingStatus,
    attendance: Vec<(i64, AttendanceInput)>,
    entries: Vec<Entry>,
}

struct Entry {
    place: Place,
    outcome: Outcome,
    seconds: i64,
    record: Option<DiscussionRecord>,
    actions: Vec<Act>,
}

/// How an item comes onto the agenda.
enum Place {
    Case(CaseItemInput),
    Other(OtherItemInput),
    /// Put there by the core when the meeting was planned.
    MattersArising,
    /// Carried by the core from the previous meeting, where it was not discussed.
    Carried(&'static str),
}

impl From<CaseItemInput> for Place {
    fn from(input: CaseItemInput) -> Place {
        Place::Case(input)
    }
}

impl Place {
    fn reference(&self) -> Option<&str> {
        match self {
            Place::Case(input) => Some(&input.reference),
            Place::Carried(reference) => Some(reference),
            Place::Other(_) | Place::MattersArising => None,
        }
    }
}

struct Act {
    input: ActionInput,
    then: Then,
}

/// Where an agreed action stands by `today`.
enum Then {
    Open,
    Done(String),
    Cancelled(&'static str),
}

#[derive(Default)]
struct Tally {
    cases: BTreeSet<String>,
    actions: usize,
}

/// Plans all four meetings before any is held, as a team books its dates ahead. Cases not reached
/// at one meeting then carry to the next when it is finalised, as they do in real use. Each
/// meeting has a title of its own; the core members are expected at all of them.
fn plan(store: &mut Store, team: &Team, days: &Days, scripts: &[MeetingScript]) -> Result<Vec<i64>> {
    scripts
        .iter()
        .zip(TITLES)
        .map(|(script, title)| {
            let input = MeetingInput {
                series_name: SERIES.into(),
                title: title.into(),
                starts_at: days.start(script.day),
                planned_minutes: PLANNED_MINUTES,
                location: LOCATION.into(),
                video_link: VIDEO_LINK.into(),
                chair_id: Some(team.gp),
                minute_taker_id: Some(team.coordinator),
                attendee_ids: Vec::new(),
            };
            Ok(meetings::create(store, &input)?.id)
        })
        .collect()
}

fn run(store: &mut Store, meeting_id: i64, script: &MeetingScript, tally: &mut Tally) -> Result<()> {
    let items = script.entries.iter().map(|e| place(store, meeting_id, &e.place)).collect::<Result<Vec<_>>>()?;
    tally.cases.extend(script.entries.iter().filter_map(|e| e.place.reference().map(String::from)));
    what_matters(store)?;
    if script.status == MeetingStatus::Planned {
        return Ok(());
    }
    meetings::start(store, meeting_id)?;
    for (member_id, input) in &script.attendance {
        attendance::set(store, meeting_id, *member_id, input)?;
    }
    for (item_id, entry) in items.into_iter().zip(&script.entries) {
        hold(store, item_id, entry, tally)?;
    }
    if script.status == MeetingStatus::Finalised {
        meetings::finalise(store, meeting_id)?;
    }
    Ok(())
}

/// What matters to two of the people, in the team's own invented words, saved once each as soon
/// as they are on an agenda (so the first meeting's minutes keep them as they were then).
fn what_matters(store: &mut Store) -> Result<()> {
    const PEOPLE: [(&str, &str, &str, &str); 2] = [
        (
            "RM-2041",
            "Being useful again and having a routine that is not built around being unwell. Getting back to work, \
             in time.",
            "Volunteer two mornings a week by the summer; take the bus into town on her own; talk to her old \
             employer about a phased return.",
            "PCSP-RV-0412",
        ),
        (
            "JT-0925",
            "Keeping the progress he made with the mental health team, and meeting people who have nothing to do with \
             his health.",
            "Join a weekly group; keep up mindfulness on his own; fewer checks and calls for reassurance.",
            "",
        ),
    ];
    for (reference, matters, goals, plan) in PEOPLE {
        let case_id: Option<i64> =
            store.conn().query_row("SELECT id FROM cases WHERE reference = ?1", [reference], |r| r.get(0)).optional()?;
        let Some(case_id) = case_id else { continue };
        if person::open(store.conn(), case_id)?.version == 0 {
            let words = PersonProfile { what_matters: matters.into(), goals: goals.into(), care_plan_reference: plan.into() };
            person::save(store, case_id, 0, &words)?;
        }
    }
    Ok(())
}

fn place(store: &mut Store, meeting_id: i64, place: &Place) -> Result<i64> {
    match place {
        Place::Case(input) => agenda::add_case(store, meeting_id, input),
        Place::Other(input) => agenda::add_other(store, meeting_id, input),
        Place::MattersArising => {
            find_item(store.conn(), meeting_id, "Matters arising", |i| i.kind == AgendaKind::MattersArising)
        }
        Place::Carried(reference) => find_item(store.conn(), meeting_id, reference, |i| {
            i.carried_from.is_some() && i.case_reference.as_deref() == Some(reference)
        }),
    }
}

/// An item the core put on the agenda by itself.
fn find_item(conn: &Connection, meeting_id: i64, label: &str, wanted: impl Fn(&AgendaItem) -> bool) -> Result<i64> {
    agenda::load(conn, meeting_id)?
        .into_iter()
        .find(wanted)
        .map(|i| i.id)
        .ok_or_else(|| Error::NotFound { what: format!("The agenda item {label} of demo meeting #{meeting_id}") })
}

/// What happened to one item at the meeting: its record, the actions agreed and how it ended.
fn hold(store: &mut Store, item_id: i64, entry: &Entry, tally: &mut Tally) -> Result<()> {
    if let Some(record) = &entry.record {
        let version = discussions::open(store.conn(), item_id)?.version;
        discussions::save(store, item_id, version, record)?;
    }
    for act in &entry.actions {
        agree(store, item_id, act)?;
        tally.actions += 1;
    }
    match entry.outcome {
        // The item on screen now: its clock has run, nothing is decided yet.
        Outcome::Pending if entry.seconds > 0 => agenda::record_time(store, item_id, entry.seconds),
        Outcome::Pending => Ok(()),
        outcome => agenda::set_outcome(store, item_id, outcome, entry.seconds),
    }
}

fn agree(store: &mut Store, item_id: i64, act: &Act) -> Result<()> {
    let action = actions::add(store, item_id, &act.input)?;
    match &act.then {
        Then::Open => {}
        Then::Done(on) => {
            actions::complete(store, action.id, Some(on))?;
        }
        Then::Cancelled(reason) => {
            actions::cancel(store, action.id, reason)?;
        }
    }
    Ok(())
}

// Short forms for writing the meetings below.

fn here(member_id: i64) -> (i64, AttendanceInput) {
    (member_id, AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: None })
}

fn arrived(member_id: i64, at: &str) -> (i64, AttendanceInput) {
    (member_id, AttendanceInput { status: AttendanceStatus::Present, arrived_at: Some(at.into()), left_at: None })
}

fn left(member_id: i64, at: &str) -> (i64, AttendanceInput) {
    (member_id, AttendanceInput { status: AttendanceStatus::Present, arrived_at: None, left_at: Some(at.into()) })
}

fn apologies(member_id: i64) -> (i64, AttendanceInput) {
    (member_id, AttendanceInput { status: AttendanceStatus::Apologies, arrived_at: None, left_at: None })
}

/// A case listed with the person's agreement to be discussed.
fn case(reference: &str, reason: &str, presenter: i64, minutes: i64, involved: Vec<Professional>) -> CaseItemInput {
    CaseItemInput {
        reference: reference.into(),
        identifier: None,
        reason: reason.into(),
        presenter_id: Some(presenter),
        co_presenter_ids: Vec::new(),
        minutes_allowed: minutes,
        consent: Consent::Agreed,
        professionals: involved,
    }
}

/// A made-up local identifier, so the demo can show the reveal-and-audit feature.
fn with_identifier(input: CaseItemInput, other_identifier: &str) -> CaseItemInput {
    let identifier = CaseIdentifier { nhs_number: String::new(), other_identifier: other_identifier.into() };
    CaseItemInput { identifier: Some(identifier), ..input }
}

fn other(title: &str, presenter: i64, minutes: i64) -> Place {
    Place::Other(OtherItemInput { title: title.into(), minutes_allowed: minutes, presenter_id: Some(presenter) })
}

fn member(id: i64) -> Professional {
    Professional { member_id: Some(id), name: String::new() }
}

fn service(name: &str) -> Professional {
    Professional { member_id: None, name: name.into() }
}

fn listed(place: impl Into<Place>) -> Entry {
    Entry { place: place.into(), outcome: Outcome::Pending, seconds: 0, record: None, actions: Vec::new() }
}

fn not_discussed(place: impl Into<Place>) -> Entry {
    Entry { outcome: Outcome::NotDiscussed, ..listed(place) }
}

fn discussed(place: impl Into<Place>, minutes_used: i64, record: Option<DiscussionRecord>, actions: Vec<Act>) -> Entry {
    Entry { place: place.into(), outcome: Outcome::Discussed, seconds: minutes_used * 60, record, actions }
}

fn lead(aspect: &str, member_id: i64) -> Lead {
    Lead { aspect: aspect.into(), member_id: Some(member_id), role_key: None }
}

/// A lead from outside the team, known by role.
fn lead_role(aspect: &str, role_key: &str) -> Lead {
    Lead { aspect: aspect.into(), member_id: None, role_key: Some(role_key.into()) }
}

fn escalated(trigger: Trigger, route: &str, informed: &str) -> Escalation {
    Escalation { trigger, route: route.into(), informed: informed.into(), not_needed_reason: String::new() }
}

fn not_escalated(trigger: Trigger, reason: &str) -> Escalation {
    Escalation { trigger, route: String::new(), informed: String::new(), not_needed_reason: reason.into() }
}

fn handover(direction: TransitionDirection, from: &str, to: &str, plan: &str, joint_visits: i64, consult: &str) -> Transition {
    Transition {
        direction,
        from_role_key: from.into(),
        to_role_key: to.into(),
        handover_plan: plan.into(),
        joint_visits,
        consult_contact: consult.into(),
        follow_up_date: None,
    }
}

fn act(description: &str, owner_id: i64, due: String, then: Then) -> Act {
    Act { input: ActionInput { description: description.into(), owner_id, due_date: Some(due) }, then }
}

const PRACTICE_HOURS: &str = "Practice (weekdays 08:00 to 18:30): 0113 496 0101. Out of hours: NHS 111.";
const SOCIAL_CARE: &str = "Vale adult social care front door: 0113 496 0400.";
const DISTRICT_NURSES: &str = "District nurses (24 hours): 0113 496 0300.";
const FALLS_RESPONSE: &str = "Falls response for non-injury falls (24 hours): 0113 496 0800. Injury or head strike: 999.";

// The four meetings: two finalised, one running today, one planned.

fn first_meeting(t: &Team, d: &Days) -> MeetingScript {
    MeetingScript {
        day: -28,
        status: MeetingStatus::Finalised,
        attendance: vec![
            here(t.gp),
            here(t.coordinator),
            here(t.ot),
            here(t.splw),
            here(t.nurse),
            here(t.mental_health),
            left(t.physio, "14:10"),
            apologies(t.pharmacist),
        ],
        entries: vec![
            return_to_work_referral(t, d),
            hoarding_referral(t, d),
            health_anxiety_step_down(t, d),
            not_discussed(social_connection_listing(t)),
            discussed(
                other("Service updates: gardening sessions at Riverside allotments; long COVID clinic waits", t.splw, 5),
                4,
                None,
                Vec::new(),
            ),
        ],
    }
}

fn second_meeting(t: &Team, d: &Days) -> MeetingScript {
    MeetingScript {
        day: -14,
        status: MeetingStatus::Finalised,
        attendance: vec![
            here(t.gp),
            here(t.coordinator),
            here(t.ot),
            here(t.splw),
            apologies(t.nurse),
            here(t.pharmacist),
            apologies(t.mental_health),
            here(t.physio),
            here(t.cis_ot),
            here(t.safeguarding),
            arrived(t.hiu, "13:25"),
        ],
        entries: vec![
            discussed(Place::MattersArising, 6, None, Vec::new()),
            social_connection_step_down(t, d),
            hoarding_escalation(t, d),
            home_risk_first_visit(t, d),
            gardening_joint_visit(t, d),
            falls_referral(t, d),
            not_discussed(frequent_attender_listing(t)),
        ],
    }
}

fn third_meeting(t: &Team, d: &Days) -> MeetingScript {
    MeetingScript {
        day: 0,
        status: MeetingStatus::InProgress,
        attendance: vec![
            here(t.gp),
            here(t.coordinator),
            here(t.ot),
            here(t.splw),
            here(t.nurse),
            here(t.pharmacist),
            arrived(t.mental_health, "13:20"),
            apologies(t.physio),
            here(t.cis_ot),
            here(t.hiu),
        ],
        entries: vec![
            discussed(Place::MattersArising, 7, None, Vec::new()),
            frequent_attender_plan(t, d),
            declined_discussion(t),
            falls_follow_up(t, d),
            home_risk_follow_up(t),
            listed(case(
                "RM-2041",
                "Six weeks into the graded programme: she has started volunteering. Does she still need the OT?",
                t.splw,
                10,
                vec![member(t.ot), member(t.splw)],
            )),
            listed(case(
                "JT-0925",
                "Both joint visits done; the SPLW is now leading. Check the handover from the CMHT is complete.",
                t.splw,
                8,
                vec![member(t.splw), member(t.mental_health), service("Vale Community Mental Health Team (OT)")],
            )),
            listed(case(
                "MS-7734",
                "Wife caring for her husband, who has dementia; not sleeping and says she cannot go on like this. \
                 Carer's assessment and a break.",
                t.nurse,
                10,
                vec![member(t.nurse), member(t.social_worker), service("Vale memory service")],
            )),
        ],
    }
}

fn fourth_meeting(t: &Team) -> MeetingScript {
    MeetingScript {
        day: 14,
        status: MeetingStatus::Planned,
        attendance: Vec::new(),
        entries: vec![
            listed(case(
                "DH-1187",
                "Moving to supported accommodation: check she has settled and her stoma care has moved with her.",
                t.hiu,
                10,
                vec![member(t.hiu), member(t.splw), member(t.ot), member(t.nurse)],
            )),
            listed(case(
                "AP-4476",
                "Four weeks after the step-down to the SPLW: gardening, pacing and fatigue.",
                t.splw,
                8,
                vec![member(t.splw), member(t.ot)],
            )),
            listed(case(
                "CB-5502",
                "Two months into the befriending match: is it working, and can the SPLW close?",
                t.splw,
                8,
                vec![member(t.splw), service("Vale Befriending Scheme")],
            )),
            listed(CaseItemInput {
                consent: Consent::NotRecorded,
                ..case(
                    "TO-1450",
                    "New: widowed in the spring and has stopped going out. GP asks for SPLW and mental health input. \
                     The SPLW will ask about MDT discussion at the first call.",
                    t.gp,
                    10,
                    vec![member(t.gp)],
                )
            }),
            listed(other("Teach-in: what the PCN OT and the SPLW each do, and when to refer", t.ot, 10)),
        ],
    }
}

// The cases, one discussion each.

/// Graded return to activity and work after a long illness: OT and SPLW design it together.
fn return_to_work_referral(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Woman in her early forties who has not worked for four years while recovering from long COVID. \
                    Tomasz (SPLW) referred her to Priya (OT): she wants to work again but has not kept up any activity \
                    outside the house. Four GP appointments and one A&E visit in three months, mostly for breathlessness \
                    when anxious."
            .into(),
        done_so_far: "Priya's first home assessment: about 20 minutes of light activity before she must rest, no daily \
                      routine (sleeps late, skips meals), and marked anxiety in groups and on buses. Tomasz has met her \
                      twice; she wants something practical, with people, close to home."
            .into(),
        discussion: "The barriers are functional (stamina, routine) and social (confidence, getting out), so this is joint \
                     work rather than a hand-off. Priya sets the grading and pacing; Tomasz finds the places and goes with \
                     her the first time. Dr Testwell asked for one review of the breathlessness before activity increases."
            .into(),
        needs: vec![
            Need::Employment,
            Need::LongTermCondition,
            Need::Functional,
            Need::EmotionalWellbeing,
            Need::PhysicalActivity,
            Need::FrequentAttendance,
        ],
        leads: vec![
            lead("Functional assessment, pacing and grading", t.ot),
            lead("Community activity and volunteering options", t.splw),
            lead("Breathlessness review", t.gp),
        ],
        risk_holder_id: Some(t.ot),
        communication_plan: "Priya and Tomasz talk after each session and note progress in the shared record. Tomasz tells \
                             Priya the same day if she misses two sessions running or says she feels worse. She has a copy \
                             of the plan with both their numbers."
            .into(),
        urgent_contacts: format!("{PRACTICE_HOURS} Chest pain or severe breathlessness: 999."),
        escalations: vec![not_escalated(
            Trigger::Deterioration,
            "No new symptoms. The breathlessness review is routine, before activity increases.",
        )],
        decision: "OT and SPLW to design a six-week graded programme of community activity with her, starting with two \
                   short sessions a week; GP to review breathlessness before week three."
            .into(),
        decision_owner_id: Some(t.ot),
        next_review_date: Some(d.date(0)),
        ..Default::default()
    };
    discussed(
        case(
            "RM-2041",
            "SPLW referral to the OT: out of work for four years after long COVID, wants to work again. Joint plan?",
            t.splw,
            12,
            vec![member(t.splw), member(t.ot), member(t.gp)],
        ),
        13,
        Some(record),
        vec![
            act(
                "Write the six-week graded activity plan with her, with rest breaks and a plan for bad days",
                t.ot,
                d.date(-21),
                Then::Done(d.date(-22)),
            ),
            act(
                "Go with her to a taster morning at the Vale Volunteer Centre and ask about short placements",
                t.splw,
                d.date(-14),
                Then::Done(d.date(-15)),
            ),
            act(
                "Review her breathlessness (examination and oxygen levels) before activity increases",
                t.gp,
                d.date(-18),
                Then::Done(d.date(-19)),
            ),
        ],
    )
}

/// Hoarding, an eviction notice and stoma care: from the SPLW to an OT assessment.
fn hoarding_referral(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Woman of 55 living alone in a housing association flat. The landlord has served notice because of \
                    hoarding: most rooms are full, the bath cannot be used and there is a path only to the kitchen and \
                    bed. She has a colostomy; the district nurses found sore skin and out-of-date supplies kept on the \
                    floor. She wants to stay in the area."
            .into(),
        done_so_far: "Tomasz has visited three times and she now lets him in. Jo (district nurse) reviewed the stoma once \
                      and ordered new supplies. Nobody has yet assessed how she plans and organises, or the risks in the flat."
            .into(),
        discussion: "Her needs have gone beyond what social prescribing can hold alone. The team needs to know whether \
                     difficulties with thinking and planning sit behind the hoarding, and how safe the flat is (falls, \
                     fire, infection). Tomasz keeps the relationship, which is what is working. The notice gives about six \
                     weeks. Self-neglect was considered: she is engaging and seems to have capacity for these decisions, \
                     so no safeguarding referral today; to be looked at again after the OT assessment."
            .into(),
        needs: vec![
            Need::Housing,
            Need::EnvironmentalRisk,
            Need::ClinicalRisk,
            Need::Cognitive,
            Need::Functional,
            Need::EmotionalWellbeing,
        ],
        leads: vec![
            lead("Cognitive, functional and environmental assessment", t.ot),
            lead("Stoma care and skin", t.nurse),
            lead("Relationship, engagement and contact with the landlord", t.splw),
        ],
        risk_holder_id: Some(t.ot),
        communication_plan: "Tomasz is her main contact and tells her what the team agreed. Priya sends her findings to the \
                             team in writing before the next meeting. Jo and Tomasz tell Priya the same day about any fall, \
                             fire risk or wound problem."
            .into(),
        urgent_contacts: format!("{DISTRICT_NURSES} {SOCIAL_CARE} Fire or immediate danger: 999."),
        escalations: vec![
            escalated(
                Trigger::EnvironmentalRisk,
                "OT home assessment within two weeks; fire service home safety visit",
                "Dr Testwell, district nurses",
            ),
            not_escalated(
                Trigger::Safeguarding,
                "Self-neglect considered: she is engaging and appears to have capacity for these decisions. \
                 Look again after the OT assessment.",
            ),
        ],
        decision: "OT to assess thinking, daily function and risk in the flat, jointly with the SPLW, within two weeks; \
                   district nurses to take over stoma supplies; SPLW to ask the landlord to pause while this is done."
            .into(),
        decision_owner_id: Some(t.ot),
        next_review_date: Some(d.date(-14)),
        ..Default::default()
    };
    discussed(
        with_identifier(
            case(
                "DH-1187",
                "Eviction notice because of hoarding; lives alone and is struggling with her stoma care. SPLW asks for OT \
                 and nursing input.",
                t.splw,
                15,
                vec![member(t.splw), member(t.nurse), service("Vale Housing Partnership (landlord)")],
            ),
            "DEMO-0002",
        ),
        16,
        Some(record),
        vec![
            act(
                "Joint home visit with the SPLW: assess thinking, daily function and risks in the flat; send findings \
                 to the team in writing",
                t.ot,
                d.date(-18),
                Then::Done(d.date(-19)),
            ),
            act("Take over ordering and storage of stoma supplies; check her skin weekly", t.nurse, d.date(-21), Then::Done(d.date(-24))),
            act(
                "Ask the landlord for a copy of the notice, a named tenancy officer and a pause while assessments are done",
                t.splw,
                d.date(-21),
                Then::Done(d.date(-20)),
            ),
        ],
    )
}

/// Step-down from the community mental health OT to the SPLW after health anxiety.
fn health_anxiety_step_down(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Man in his late thirties, seen for about a year by the OT in the Vale community mental health team for \
                    health anxiety. Checking and asking for reassurance have eased a lot and he goes out most days. The \
                    CMHT feel he no longer needs secondary care and have referred him to our SPLW."
            .into(),
        done_so_far: "The CMHT OT has worked with him on graded exposure and a daily routine. He wants help finding \
                      something to do with other people and would like to keep up mindfulness, which has helped."
            .into(),
        discussion: "A planned step-down, not just a discharge letter: he has had the same worker for a year and the team \
                     agreed the change of worker is a risk in itself. Two joint visits with the CMHT OT so that he meets \
                     Tomasz alongside someone he trusts. Tomasz is happy to find activity groups and run a short mindfulness \
                     course; he is not to offer therapy. Sam supervises Tomasz on this case, and Tomasz can go back to the \
                     CMHT OT if the anxiety returns."
            .into(),
        needs: vec![Need::MentalHealth, Need::EmotionalWellbeing, Need::SocialIsolation, Need::PhysicalActivity],
        leads: vec![
            lead("Activity groups and a short mindfulness course", t.splw),
            lead("Supervision of the SPLW on this case", t.mental_health),
            lead_role("Therapy until the handover is complete (CMHT OT)", "ot"),
        ],
        risk_holder_id: Some(t.mental_health),
        communication_plan: "The CMHT OT and Tomasz agree before each joint visit what they will tell him. Tomasz brings him \
                             to monthly supervision with Sam, and contacts the CMHT OT directly if he sees checking coming back."
            .into(),
        urgent_contacts: "Vale CMHT duty line (weekdays): 0113 496 0500. Mental health crisis line (24 hours): 0808 157 0192. \
                          Immediate danger: 999."
            .into(),
        escalations: vec![escalated(
            Trigger::Deterioration,
            "Vale CMHT duty line; the GP if urgent",
            "Sam Hypothetical, Dr Testwell",
        )],
        transitions: vec![handover(
            TransitionDirection::StepDown,
            "ot",
            "splw",
            "Two joint visits with the CMHT OT, then Tomasz carries on alone for up to twelve weeks with activity groups \
             and a short mindfulness course. The CMHT keeps him open until the second visit.",
            2,
            "OT in the Vale community mental health team, through the duty line; supervision from Sam Hypothetical",
        )],
        decision: "Accept the step-down. Two joint visits (CMHT OT and SPLW) in the next three weeks; the SPLW then leads, \
                   supervised by the practice mental health practitioner."
            .into(),
        decision_owner_id: Some(t.splw),
        next_review_date: Some(d.date(0)),
    };
    discussed(
        case(
            "JT-0925",
            "Referral from the CMHT OT: recovering from health anxiety and ready for support in primary care. Plan the \
             handover to the SPLW.",
            t.mental_health,
            10,
            vec![member(t.mental_health), service("Vale Community Mental Health Team (OT)")],
        ),
        9,
        Some(record),
        vec![
            act("Arrange two joint visits with the CMHT OT", t.splw, d.date(-14), Then::Done(d.date(-16))),
            act(
                "Ask the CMHT for a discharge summary and a named contact for questions",
                t.gp,
                d.date(-21),
                Then::Open,
            ),
        ],
    )
}

fn social_connection_listing(t: &Team) -> CaseItemInput {
    case(
        "CB-5502",
        "OT referral to the SPLW: help with friendships and going out. Has a learning disability and lives in \
         supported living.",
        t.ot,
        10,
        vec![member(t.ot), service("Vale Supported Living (support worker)")],
    )
}

/// Social connection for a man with a learning disability: OT to SPLW to a befriending service.
fn social_connection_step_down(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Man in his twenties with a learning disability, in supported living with daily support-worker hours. \
                    Priya has worked with him at home on confidence and on things he enjoys (cooking, model railways). \
                    He now wants company outside the house but does not know where to start."
            .into(),
        done_so_far: "Tomasz has met him twice with his support worker. He prefers one person to a group, understands \
                      short sentences and pictures best, and gets anxious where it is noisy. Tomasz found a befriending \
                      scheme whose volunteers are trained in learning disability; one volunteer is a railway enthusiast."
            .into(),
        discussion: "A befriender fits what he has told us better than a group. The OT work at home is finished, so this \
                     is a step-down to the SPLW. Tomasz keeps in touch for two months to check the match is working and \
                     tells Priya how it is going; Priya will advise if his confidence dips."
            .into(),
        needs: vec![Need::SocialIsolation, Need::EmotionalWellbeing],
        leads: vec![
            lead("Befriending match and follow-up", t.splw),
            lead("Advice on confidence and everyday activities", t.ot),
        ],
        risk_holder_id: Some(t.ot),
        communication_plan: "All contact goes through his support worker, with an easy-read copy of the plan for him. \
                             Tomasz updates Priya after the first meeting with the befriender and again at four weeks."
            .into(),
        urgent_contacts: "Supported living on-call (24 hours): 0113 496 0700. Out of hours: NHS 111.".into(),
        transitions: vec![handover(
            TransitionDirection::StepDown,
            "ot",
            "splw",
            "OT episode closed. The SPLW follows up the befriending match for two months and reports back to the OT.",
            0,
            "Priya Mockford (PCN OT), by phone or email",
        )],
        decision: "Refer to the befriending scheme for a volunteer who shares his interests; the SPLW keeps in touch for \
                   two months and reports back to the OT, who closes her episode."
            .into(),
        decision_owner_id: Some(t.splw),
        next_review_date: Some(d.date(14)),
        ..Default::default()
    };
    discussed(
        Place::Carried("CB-5502"),
        9,
        Some(record),
        vec![
            act(
                "Refer to the Vale Befriending Scheme and go with him to the first meeting with the volunteer",
                t.splw,
                d.date(-7),
                Then::Done(d.date(-8)),
            ),
            act("Send an easy-read copy of the plan to him and his support worker", t.splw, d.date(-10), Then::Done(d.date(-12))),
        ],
    )
}

/// The hoarding case again: risk rises and the high-intensity-user lead takes over coordination.
fn hoarding_escalation(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Update. The landlord has applied for a possession date, expected in about six weeks, and will not \
                    pause again. Her skin around the stoma is better since the district nurses took over her supplies."
            .into(),
        done_so_far: "Priya and Tomasz visited together. Priya found difficulty planning and ordering tasks with several \
                      steps, and in deciding what to throw away, with no sign of sudden confusion; she suggests a memory \
                      clinic referral. In the flat: the way out is blocked, there is a lot that could burn near the cooker, \
                      and nowhere clean to change the stoma bag. She cannot clear the flat in time even with help. The fire \
                      service has fitted smoke alarms."
            .into(),
        discussion: "Risk is rising and the work now goes beyond what the OT and SPLW can hold: housing, a likely move, and \
                     her health. Agreed to escalate to Callum (high-intensity-user lead), who can work with housing on a \
                     move to suitable accommodation. Priya keeps guiding risk and what she can manage day to day; Tomasz \
                     stays as the person she trusts and goes to appointments with her. Given the possession date, a \
                     self-neglect concern is now raised; she agreed to it."
            .into(),
        needs: vec![
            Need::Housing,
            Need::EnvironmentalRisk,
            Need::Cognitive,
            Need::ClinicalRisk,
            Need::Safeguarding,
            Need::EmotionalWellbeing,
        ],
        leads: vec![
            lead("Housing move and coordination", t.hiu),
            lead("Risk management and advice on daily function", t.ot),
            lead("Relational support; going with her to appointments", t.splw),
            lead("Stoma care", t.nurse),
            lead("Memory clinic referral", t.gp),
        ],
        risk_holder_id: Some(t.ot),
        communication_plan: "Callum is the single contact for housing and holds a weekly call with Priya and Tomasz. Tomasz \
                             explains each step to her in person. Any change to the possession date goes to the whole team by \
                             email the same day."
            .into(),
        urgent_contacts: format!("{SOCIAL_CARE} {DISTRICT_NURSES} Fire or immediate danger: 999."),
        escalations: vec![
            escalated(Trigger::Complexity, "High-intensity-user lead", "Dr Testwell; the landlord, with her agreement"),
            escalated(
                Trigger::Safeguarding,
                "Safeguarding lead, then adult social care (self-neglect)",
                "Bernie Madeup, Dr Testwell",
            ),
        ],
        transitions: vec![handover(
            TransitionDirection::StepUp,
            "splw",
            "hiu_lead",
            "Callum leads on housing and coordination from today. Tomasz keeps up relational support and Priya keeps \
             advising on risk. One joint visit to introduce Callum.",
            1,
            "Priya Mockford (OT) on risk; Tomasz Sampleby (SPLW) for day-to-day contact",
        )],
        decision: "Escalate to the high-intensity-user lead to coordinate a move to suitable accommodation; raise a \
                   self-neglect concern with adult social care; GP to refer to the memory clinic."
            .into(),
        decision_owner_id: Some(t.hiu),
        next_review_date: Some(d.date(14)),
    };
    discussed(
        case(
            "DH-1187",
            "OT assessment findings; possession date now expected. Does this need escalating?",
            t.ot,
            15,
            vec![member(t.ot), member(t.splw), member(t.nurse), member(t.hiu)],
        ),
        17,
        Some(record),
        vec![
            act(
                "Meet her, with Tomasz, and the housing provider to agree a move to suitable accommodation",
                t.hiu,
                d.date(-7),
                Then::Done(d.date(-6)),
            ),
            act("Carry out a Care Act needs assessment", t.social_worker, d.date(-5), Then::Open),
            act("Refer to the memory clinic", t.gp, d.date(-7), Then::Done(d.date(-10))),
        ],
    )
}

/// Financial abuse and an unsafe house found on an SPLW housing visit.
fn home_risk_first_visit(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Man of 81 living alone in a privately rented terraced house, referred to the SPLW for help with \
                    repairs and housing. On Tomasz's first visit there was almost no food, the heating was off, and a \
                    relative holds his bank card and collects his pension; he said he is not allowed to spend money. \
                    Loose stair rail, rotten back step, and an electric heater with a damaged cable."
            .into(),
        done_so_far: "Tomasz raised a safeguarding concern the same day through Bernie, and adult social care has opened \
                      an enquiry. A food parcel has been delivered. He agreed to this discussion and to a joint visit."
            .into(),
        discussion: "Two risks: possible financial abuse, which the safeguarding enquiry leads on, and physical danger at \
                     home (falls, fire). One joint visit with the Community Independence Service OT and the housing officer, \
                     so he is not faced with a string of strangers. Owen assesses function and makes the house safe \
                     straight away; the housing officer takes the repairs up with the landlord. Tomasz coordinates and makes \
                     sure he knows what is happening and why. Nobody discusses money with him while the relative is there."
            .into(),
        needs: vec![
            Need::Safeguarding,
            Need::Money,
            Need::Housing,
            Need::EnvironmentalRisk,
            Need::Functional,
            Need::SocialIsolation,
        ],
        leads: vec![
            lead("Safeguarding referral and liaison with the council's enquiry", t.safeguarding),
            lead("Function and home safety; immediate adaptations", t.cis_ot),
            lead("Coordination and keeping him informed", t.splw),
            lead_role("Repairs and the landlord (housing officer, Vale Housing Partnership)", "other"),
        ],
        risk_holder_id: Some(t.cis_ot),
        communication_plan: "Tomasz is his main contact and visits only when the relative is not there. After each contact \
                             he updates Bernie and Owen by secure email, copying the enquiry worker. Nothing is shared with \
                             the relative."
            .into(),
        urgent_contacts: format!("{SOCIAL_CARE} Police (non-emergency): 101. Immediate danger: 999."),
        escalations: vec![
            escalated(
                Trigger::Safeguarding,
                "Safeguarding lead, then an adult social care enquiry (financial abuse)",
                "Bernie Madeup, Dr Testwell",
            ),
            escalated(
                Trigger::EnvironmentalRisk,
                "Community Independence Service OT visit this week; housing officer for the landlord's repairs",
                "Dr Testwell",
            ),
        ],
        decision: "Joint visit this week (CIS OT, housing officer, SPLW); the OT arranges immediate safety adaptations; the \
                   safeguarding enquiry continues under adult social care; the SPLW coordinates."
            .into(),
        decision_owner_id: Some(t.splw),
        next_review_date: Some(d.date(0)),
        ..Default::default()
    };
    discussed(
        with_identifier(
            case(
                "GW-3310",
                "Referred to the SPLW for housing help; on the first visit, signs of financial abuse and an unsafe house. \
                 Safeguarding concern raised; joint visit needed.",
                t.splw,
                15,
                vec![member(t.splw), member(t.safeguarding), service("Vale Housing Partnership (housing officer)")],
            ),
            "DEMO-0001",
        ),
        15,
        Some(record),
        vec![
            act(
                "Joint visit with the housing officer and SPLW: fit a second stair rail and take away the damaged heater",
                t.cis_ot,
                d.date(-10),
                Then::Done(d.date(-11)),
            ),
            act("Confirm the enquiry worker's name and share it with the team", t.safeguarding, d.date(-11), Then::Done(d.date(-12))),
            act(
                "Book a Citizens Advice appointment about his pension and bank account, and go with him",
                t.splw,
                d.date(3),
                Then::Open,
            ),
        ],
    )
}

/// Fibromyalgia and gardening: a joint visit, then the SPLW carries on with the OT's advice.
fn gardening_joint_visit(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Woman in her sixties with fibromyalgia. Gardening was the centre of her week, but pain and tiredness \
                    have kept her out of the garden for a year, and she says she feels low and cut off."
            .into(),
        done_so_far: "Priya and Tomasz visited together. Priya went through pacing and saving energy (short spells, planned \
                      rests, switching between tasks) and watched how she gets about outside: an uneven path, steps down \
                      to the lawn, and kneeling is hard. Agreed with her: a perching stool, a kneeler with handles, \
                      long-handled tools, and starting with pots at table height."
            .into(),
        discussion: "No more hands-on OT is needed if the adapted gardening goes well; what is left is social and \
                     motivational, which suits Tomasz. He will do a few gardening sessions with her, then look for a local \
                     group. Priya stays available to Tomasz for advice on managing fatigue rather than seeing her again."
            .into(),
        needs: vec![
            Need::LongTermCondition,
            Need::PhysicalActivity,
            Need::SocialIsolation,
            Need::EmotionalWellbeing,
            Need::Functional,
        ],
        leads: vec![
            lead("Gardening sessions and local groups", t.splw),
            lead("Advice to the SPLW on pacing and fatigue", t.ot),
        ],
        risk_holder_id: Some(t.ot),
        communication_plan: "Tomasz brings her to his monthly case discussion with Priya, and calls Priya sooner if her pain \
                             or tiredness gets worse."
            .into(),
        urgent_contacts: PRACTICE_HOURS.into(),
        transitions: vec![handover(
            TransitionDirection::StepDown,
            "ot",
            "splw",
            "OT advice given at the joint visit. The SPLW does three or four gardening sessions with her, then helps her \
             find a community garden group.",
            1,
            "Priya Mockford (PCN OT): monthly case discussion, and advice in between",
        )],
        decision: "The SPLW leads from now, with the OT's advice on fatigue; review in four weeks.".into(),
        decision_owner_id: Some(t.splw),
        next_review_date: Some(d.date(14)),
        ..Default::default()
    };
    discussed(
        case(
            "AP-4476",
            "Joint OT and SPLW visit done: fibromyalgia is keeping her from gardening. Agree who carries on.",
            t.ot,
            10,
            vec![member(t.ot), member(t.splw)],
        ),
        8,
        Some(record),
        vec![
            act("Start fortnightly gardening sessions with her, using the pacing plan", t.splw, d.date(-7), Then::Done(d.date(-9))),
            act("Send Tomasz a one-page pacing and fatigue plan to use at the sessions", t.ot, d.date(-10), Then::Done(d.date(-13))),
            act(
                "Ask the Riverside allotments group about a raised bed and a quiet session time",
                t.splw,
                d.date(7),
                Then::Open,
            ),
        ],
    )
}

/// Falls at home: medicines, strength and balance, and the home itself.
fn falls_referral(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Woman of 86 living alone; three falls at home in two months, all at night on the way to the toilet. \
                    No fractures, but after the last fall she lay on the floor for about two hours until a neighbour heard \
                    her. Takes nine regular medicines, including doxazosin and a sleeping tablet."
            .into(),
        done_so_far: "Kwame saw her at home: slow to stand, unsteady when turning, cannot get up from the floor alone. Her \
                      daughter visits twice a week. She turned down a pendant alarm last year."
            .into(),
        discussion: "Probably several causes together: blood pressure dropping on standing (doxazosin), drowsiness at night, \
                     poor lighting and clutter on the way to the toilet, and weak legs. Agreed: medicines review first, a \
                     home hazard visit and a strength and balance programme. Tomasz to talk with her again about a pendant \
                     alarm as a way of staying in her own home."
            .into(),
        needs: vec![
            Need::Functional,
            Need::ClinicalRisk,
            Need::EnvironmentalRisk,
            Need::PhysicalActivity,
            Need::LongTermCondition,
        ],
        leads: vec![
            lead("Medicines review", t.pharmacist),
            lead("Strength and balance; getting up from the floor", t.physio),
            lead("Home hazard assessment", t.ot),
            lead("Pendant alarm and support in the community", t.splw),
        ],
        risk_holder_id: Some(t.gp),
        communication_plan: "Kwame coordinates and, with her agreement, keeps her daughter up to date. Any new fall is \
                             reported to the practice and to Kwame the same day."
            .into(),
        urgent_contacts: FALLS_RESPONSE.into(),
        escalations: vec![escalated(
            Trigger::Deterioration,
            "Same-day GP review after any fall with injury, or new confusion",
            "Her daughter, with her agreement",
        )],
        decision: "Pharmacist reviews her medicines this week, doxazosin and the sleeping tablet first; physio starts a \
                   home exercise programme; OT home hazard visit; SPLW raises the pendant alarm again."
            .into(),
        decision_owner_id: Some(t.physio),
        next_review_date: Some(d.date(0)),
        ..Default::default()
    };
    discussed(
        case(
            "EB-6120",
            "Three falls at home in two months; no injuries, but a long lie after the last one. Medicines and home review.",
            t.physio,
            10,
            vec![member(t.physio), member(t.pharmacist), member(t.gp)],
        ),
        11,
        Some(record),
        vec![
            act(
                "Structured medicines review, starting with doxazosin and the sleeping tablet",
                t.pharmacist,
                d.date(-7),
                Then::Done(d.date(-9)),
            ),
            act(
                "Arrange 24-hour blood pressure monitoring",
                t.pharmacist,
                d.date(-7),
                Then::Cancelled(
                    "Dr Testwell measured her blood pressure lying and standing at the medicines review: a clear drop on \
                     standing, so monitoring would not change the plan.",
                ),
            ),
            act(
                "Home hazard visit: the night-time route to the toilet, lighting and the bathroom",
                t.ot,
                d.date(-3),
                Then::Open,
            ),
        ],
    )
}

fn frequent_attender_listing(t: &Team) -> CaseItemInput {
    case(
        "PN-8801",
        "Forty-one contacts with the practice, NHS 111 and A&E in six months; COPD, lives alone. Joint plan with the \
         high-intensity-user lead and the SPLW.",
        t.hiu,
        10,
        vec![member(t.hiu), service("Vale respiratory team")],
    )
}

/// Frequent attendance driven by fear and loneliness as much as by COPD.
fn frequent_attender_plan(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Man of 68 with COPD, living alone. Forty-one contacts in six months with the practice, NHS 111, the \
                    ambulance service and A&E, mostly in the evening and mostly ending with no change to treatment. He \
                    says he rings when his breathing frightens him and there is nobody to talk to."
            .into(),
        done_so_far: "Callum met him at home last week. He has no written plan for flare-ups, has not seen the respiratory \
                      team for two years, and has had no visitors since his brother died last spring."
            .into(),
        discussion: "The pattern looks driven by fear and loneliness as much as by his lungs. He needs a plan he \
                     understands for a bad evening, including a rescue pack, and people in his week. Callum leads the \
                     overall plan as his single contact; Tomasz works on company, a breathe-easy group and bereavement \
                     support; Lena checks his inhaler technique; Dr Testwell refers him back to the respiratory team."
            .into(),
        needs: vec![
            Need::FrequentAttendance,
            Need::LongTermCondition,
            Need::SocialIsolation,
            Need::EmotionalWellbeing,
            Need::ClinicalRisk,
        ],
        leads: vec![
            lead("Overall plan; single point of contact", t.hiu),
            lead("COPD self-management plan and respiratory referral", t.gp),
            lead("Inhaler technique and rescue pack", t.pharmacist),
            lead("Company, breathe-easy group and bereavement support", t.splw),
        ],
        risk_holder_id: Some(t.gp),
        communication_plan: "Callum gives him one weekday number. The plan goes on his record so NHS 111 and the ambulance \
                             service see it when he rings. The team hears how many contacts he has made at each meeting \
                             until they fall."
            .into(),
        urgent_contacts: "Weekdays: Callum Mockridge, 07700 900103. Evenings and weekends: NHS 111 (plan on record). \
                          Severe breathlessness: 999."
            .into(),
        escalations: vec![escalated(
            Trigger::Complexity,
            "High-intensity-user lead",
            "Dr Testwell; NHS 111 and the ambulance service through the practice",
        )],
        decision: "The HIU lead coordinates a personal plan with him; GP refers to the respiratory team for a COPD review and \
                   written self-management plan; pharmacist checks inhalers; SPLW offers a breathe-easy group and \
                   bereavement support."
            .into(),
        decision_owner_id: Some(t.hiu),
        next_review_date: Some(d.date(28)),
        ..Default::default()
    };
    discussed(
        Place::Carried("PN-8801"),
        12,
        Some(record),
        vec![
            act(
                "Write a personal care plan with him and share it with NHS 111 and the ambulance service",
                t.hiu,
                d.date(14),
                Then::Open,
            ),
            act("Refer to the respiratory team for a COPD review and rescue pack", t.gp, d.date(7), Then::Open),
            act("Introduce him to the Riverside breathe-easy group and a bereavement service", t.splw, d.date(21), Then::Open),
        ],
    )
}

/// Listed, then he said no to being discussed: the team does not discuss him.
fn declined_discussion(t: &Team) -> Entry {
    not_discussed(CaseItemInput {
        consent: Consent::Objected,
        ..case(
            "HR-9015",
            "Listed by the pharmacist: repeated missed medicine collections. When asked, he said he does not want to be \
             discussed at the MDT, so he is not discussed; Lena carries on one-to-one.",
            t.pharmacist,
            5,
            vec![member(t.pharmacist)],
        )
    })
}

/// Falls follow-up: the medicines changed, the OT visit is late.
fn falls_follow_up(t: &Team, d: &Days) -> Entry {
    let record = DiscussionRecord {
        situation: "Follow-up. No falls since the last meeting. Doxazosin stopped and the sleeping tablet reduced after \
                    Lena's review; she says she feels steadier at night."
            .into(),
        done_so_far: "Medicines review done. Kwame's home exercises started; she does them most days with her daughter. \
                      Pendant alarm fitted after Tomasz talked it through with her. The OT home hazard visit has not \
                      happened yet and is booked for Thursday."
            .into(),
        discussion: "The plan is working. The main risk left is the night-time route to the toilet until the OT visit; \
                     meanwhile her daughter has put a plug-in night light on the landing. Kwame sent apologies and his \
                     update was read out."
            .into(),
        needs: vec![Need::Functional, Need::EnvironmentalRisk, Need::PhysicalActivity],
        leads: vec![lead("Home hazard assessment", t.ot), lead("Strength and balance programme", t.physio)],
        risk_holder_id: Some(t.gp),
        communication_plan: "Priya sends her findings to Kwame and the practice after Thursday's visit.".into(),
        urgent_contacts: FALLS_RESPONSE.into(),
        decision: "Carry on with the plan; OT home hazard visit on Thursday; physio reassesses balance at six weeks.".into(),
        decision_owner_id: Some(t.ot),
        next_review_date: Some(d.date(28)),
        ..Default::default()
    };
    discussed(
        case(
            "EB-6120",
            "Falls follow-up: medicines changed; home hazard visit still to do.",
            t.ot,
            5,
            vec![member(t.ot), member(t.physio), member(t.pharmacist)],
        ),
        6,
        Some(record),
        vec![act(
            "Reassess her balance and getting up from the floor at six weeks",
            t.physio,
            d.date(28),
            Then::Open,
        )],
    )
}

/// The item on screen as the demo opens: the minute-taker has the facts down, nothing decided yet.
fn home_risk_follow_up(t: &Team) -> Entry {
    let record = DiscussionRecord {
        situation: "Follow-up. Since the joint visit: second stair rail fitted, damaged heater taken away, and the landlord \
                    has mended the back step. The adult social care enquiry is still open; the relative no longer has \
                    his bank card."
            .into(),
        done_so_far: "Citizens Advice appointment booked for next week; Tomasz is going with him. Hot meals delivered three \
                      times a week since the enquiry began."
            .into(),
        needs: vec![Need::Safeguarding, Need::Money, Need::Housing],
        risk_holder_id: Some(t.cis_ot),
        ..Default::default()
    };
    Entry {
        place: case(
            "GW-3310",
            "Safeguarding follow-up after the joint visit: adaptations done, enquiry still open.",
            t.splw,
            15,
            vec![member(t.splw), member(t.cis_ot), member(t.safeguarding)],
        )
        .into(),
        outcome: Outcome::Pending,
        seconds: 6 * 60,
        record: Some(record),
        actions: Vec::new(),
    }
}
