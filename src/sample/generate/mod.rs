//! A large, realistic, fictional database for benchmarks and for trying the app at scale:
//! `mdt generate --years 10` writes a weekly MDT's ten years (about 520 meetings, 25,000 case
//! discussions with long notes, 100,000 agreed actions, attendance, a team with turnover).
//!
//! Going through the per-call core API would take far too long for 100,000 actions, so this
//! writes in one transaction with prepared statements. It keeps the core's invariants: the same
//! tables and constraints, the search index filled by the schema's own triggers, an audit entry
//! wherever the app would write one (members and meetings created, minutes finalised with their
//! snapshot from [`meetings::load`], actions created and closed), carried-over cases linked to
//! the item they came from, and open actions owned by people still in the team.
//!
//! The same seed and end date give the same data.

mod notes;
mod rng;

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::{Connection, Transaction, params};
use serde::Serialize;
use tracing::instrument;

use crate::actions::{ActionStatus, AgreedAction};
use crate::agenda::{Consent, Outcome};
use crate::discussions::{EscalationTrigger, TransitionDirection};
use crate::members::TeamMember;
use crate::{Error, Result, Store, dates, sample::demo, meetings, supervision};
use notes::{Person, Theme};
use rng::Rng;

/// The generated meeting series; "(generated)" keeps it apart from any real team's.
pub const SERIES: &str = "Northgate Neighbourhood MDT (generated)";
const ACTOR: &str = "MDT Assistant generated data";
const TITLE: &str = "Northgate neighbourhood MDT";
const LOCATION: &str = "Northgate Health Centre, room 4";
const VIDEO_LINK: &str = "https://meet.example.org/northgate-mdt";
const MEETING_TIME: &str = "13:00";
const MAX_YEARS: u32 = 30;
/// Changes whenever the same seed would give different data (benchmarks regenerate their copy).
pub const VERSION: u32 = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    pub years: u32,
    pub seed: u64,
    /// The day of the latest meeting (the one in progress), or the nearest Tuesday before it.
    pub end: NaiveDate,
    /// Add the generated team beside data already in the database.
    pub force: bool,
}

/// What a run wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GenerateReport {
    pub members: usize,
    pub meetings: usize,
    pub cases: usize,
    pub discussions: usize,
    pub actions: usize,
    pub open_actions: usize,
    pub overdue_actions: usize,
    pub referrals: usize,
    pub open_referrals: usize,
    /// Entries in the directory of local services; how many were due a check on the end date.
    pub directory_entries: usize,
    pub directory_due: usize,
    /// Supervision sessions of the SPLWs, and how many SPLWs in post at the end are overdue.
    pub supervision_sessions: usize,
    pub supervision_overdue: usize,
    /// People with ONS4 outcome scores, and the sittings recorded for them.
    pub outcome_people: usize,
    pub outcome_sittings: usize,
    pub first_meeting: String,
    pub last_meeting: String,
}

/// Writes the dataset. `progress(done, total)` is called after each meeting.
///
/// All of it is one transaction: a run that fails leaves the database as it was.
#[instrument(skip(store, progress), err)]
pub fn generate(store: &mut Store, options: &GenerateOptions, progress: &mut dyn FnMut(usize, usize)) -> Result<GenerateReport> {
    if !(1..=MAX_YEARS).contains(&options.years) {
        return Err(Error::invalid("years", format!("Generate between 1 and {MAX_YEARS} years of meetings.")));
    }
    check_loadable(store.conn(), options.force)?;
    // Ten years of notes: a bigger page cache while writing them, the usual one afterwards.
    let cache: i64 = store.conn().query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    store.conn().pragma_update(None, "cache_size", -256_000)?;
    let written = store.write(|tx, _| {
        let report = Writer::new(tx, options)?.run(progress)?;
        // Each person's latest joint-working answers become their agreement, as for older databases.
        crate::agreement::seed_from_records(tx)?;
        Ok(report)
    });
    store.conn().pragma_update(None, "cache_size", cache)?;
    let report = written?;
    // Leave a small log behind, so the first open after this is not a checkpoint of everything.
    store.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(report)
}

fn check_loadable(conn: &Connection, force: bool) -> Result<()> {
    let present: bool = conn.prepare("SELECT 1 FROM meeting_series WHERE name = ?1")?.exists([SERIES])?;
    if present {
        return Err(Error::Conflict(format!(
            "The generated team is already in this database (meeting series \"{SERIES}\"), so nothing was added."
        )));
    }
    if !force && !demo::is_empty(conn)? {
        return Err(Error::Conflict(
            "This database already has team members or meetings, so nothing was generated. Generate into a new \
             file (--db), or add the generated team beside what is there with --force."
                .into(),
        ));
    }
    Ok(())
}

/// The team's posts. Each is held by one person at a time; people leave and are replaced.
const POSTS: &[(&str, &str)] = &[
    ("gp", "Northgate Medical Practice"),
    ("gp", "Northgate Medical Practice"),
    ("nurse", "Northgate Medical Practice"),
    ("nurse", "Community nursing, north locality"),
    ("ot", "Community therapy team"),
    ("physio", "Community therapy team"),
    ("splw", "Northgate PCN"),
    ("splw", "Northgate PCN"),
    ("pharmacist", "Northgate PCN"),
    ("social_worker", "Adult social care, north locality"),
    ("mental_health", "Community mental health team"),
    ("care_coordinator", "Northgate PCN"),
    ("safeguarding", "Northgate PCN"),
    ("hiu_lead", "North integrated care board"),
];
/// The post whose holder chairs, and the one whose holder takes the minutes.
const CHAIR_POST: usize = 0;
const MINUTES_POST: usize = 11;

const FIRST_NAMES: &[&str] = &[
    "Aled", "Bronwen", "Cerys", "Dafydd", "Eluned", "Fraser", "Gethin", "Hollis", "Ines", "Jory", "Kezia", "Lowri",
    "Marisol", "Nerys", "Osian", "Petra", "Quillon", "Rhiannon", "Soren", "Tamsin", "Ulla", "Vesna", "Wynne", "Yusra",
    "Zennor", "Anouk", "Bramwell", "Carys", "Delyth", "Emrys", "Ffion", "Gwilym", "Hester", "Idris", "Jessamy",
];
const SURNAMES: &[&str] = &[
    "Abernethy", "Blackmore", "Carwardine", "Dunstable", "Everleigh", "Fairweather", "Greenhalgh", "Hollingworth",
    "Ingleby", "Jessop", "Kettlewell", "Lambourne", "Merriman", "Northcott", "Oakenshaw", "Penhaligon", "Quarrington",
    "Rowntree", "Summerbee", "Thistlewood", "Underhill", "Vellacott", "Wainwright", "Yeardley", "Ashdown", "Brightwell",
];

/// One person's time in a post, in weeks from the first meeting (`to` exclusive).
struct Tenure {
    post: usize,
    from: usize,
    to: usize,
    member_id: i64,
}

/// A person waiting to come back to the MDT at a later meeting.
struct FollowUp {
    case_id: i64,
    reference: String,
    person_index: usize,
    visits_left: u32,
    consent: Consent,
}

/// A case listed but not reached: it is carried to the next meeting.
struct Carried {
    follow_up: FollowUp,
    from: CarriedFrom,
}

/// The item a carried case came from, whose reason, presenter and time it keeps.
struct CarriedFrom {
    item_id: i64,
    reason: String,
    presenter: Option<i64>,
    minutes: i64,
}

struct Writer<'a> {
    tx: &'a Transaction<'a>,
    rng: Rng,
    seed: u64,
    weeks: usize,
    first: NaiveDate,
    end: NaiveDate,
    series_id: i64,
    tenures: Vec<Tenure>,
    members: BTreeMap<i64, TeamMember>,
    people: Vec<Person>,
    due: BTreeMap<usize, Vec<FollowUp>>,
    /// Escalations still open, by person: the discussion that raised each, its reason and route.
    open_escalations: BTreeMap<usize, Vec<(i64, EscalationTrigger, &'static str)>>,
    next_case: u32,
    report: GenerateReport,
}

/// The latest Tuesday on or before `day`: the team meets on Tuesdays.
fn meeting_day(day: NaiveDate) -> NaiveDate {
    let back = (day.weekday().num_days_from_monday() + 7 - Weekday::Tue.num_days_from_monday()) % 7;
    day - Duration::days(i64::from(back))
}

fn ymd(day: NaiveDate) -> String {
    day.format(dates::DATE_FORMAT).to_string()
}

/// An audit time stamp (UTC, seconds) on `day` at `time`.
fn stamp(day: NaiveDate, time: &str) -> String {
    format!("{}T{time}Z", ymd(day))
}

impl<'a> Writer<'a> {
    fn new(tx: &'a Transaction<'a>, options: &GenerateOptions) -> Result<Writer<'a>> {
        let weeks = options.years as usize * 52;
        let last = meeting_day(options.end);
        let first = last - Duration::weeks(weeks as i64 - 1);
        tx.execute("INSERT INTO meeting_series (name) VALUES (?1)", [SERIES])?;
        let series_id = tx.last_insert_rowid();
        let mut writer = Writer {
            tx,
            rng: Rng::new(options.seed),
            seed: options.seed,
            weeks,
            first,
            end: options.end,
            series_id,
            tenures: Vec::new(),
            members: BTreeMap::new(),
            people: Vec::new(),
            due: BTreeMap::new(),
            open_escalations: BTreeMap::new(),
            next_case: 0,
            report: GenerateReport { first_meeting: ymd(first), last_meeting: ymd(last), ..Default::default() },
        };
        writer.hire_team()?;
        Ok(writer)
    }

    fn day(&self, week: usize) -> NaiveDate {
        self.first + Duration::weeks(week as i64)
    }

    /// Every post's holders over the years: some were there before the first meeting, each
    /// stays between a year and a half and seven years, and a successor starts the week they leave.
    fn hire_team(&mut self) -> Result<()> {
        let mut rng = self.rng.fork(1);
        let mut spans = Vec::new();
        for post in 0..POSTS.len() {
            let mut start = -rng.range(0, 200);
            while start < self.weeks as i64 + 1 {
                let length = rng.range(78, 360);
                spans.push((start.max(0) as usize, post, (start + length) as usize));
                start += length;
            }
        }
        spans.sort_unstable();
        let roles: BTreeMap<String, String> = self
            .tx
            .prepare("SELECT key, name FROM roles")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut names = std::collections::BTreeSet::new();
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO team_members (name, role_key, organisation, email, phone, core_member, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        )?;
        for (from, post, to) in spans {
            let name = loop {
                let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(SURNAMES));
                if names.insert(name.clone()) {
                    break name;
                }
            };
            let (role_key, organisation) = POSTS[post];
            let email = format!("{}@northgate.example", name.to_lowercase().replace(' ', "."));
            // Ofcom's drama range: never a real number.
            let phone = format!("0113 496 0{:03}", rng.range(0, 999));
            let current = to > self.weeks;
            let created = stamp(self.first + Duration::weeks(from as i64) - Duration::days(7), "09:00:00");
            insert.execute(params![name, role_key, organisation, email, phone, current, created])?;
            let member = TeamMember {
                id: self.tx.last_insert_rowid(),
                name,
                role_key: role_key.into(),
                role_name: roles[role_key].clone(),
                organisation: organisation.into(),
                email,
                phone,
                core_member: current,
                left_on: None,
            };
            self.audit_at(&created, "team_member", member.id, "create", None, Some(&member))?;
            self.tenures.push(Tenure { post, from, to, member_id: member.id });
            self.members.insert(member.id, member);
        }
        self.report.members = self.members.len();
        Ok(())
    }

    /// Who holds `post` in `week`.
    fn holder(&self, post: usize, week: usize) -> i64 {
        self.tenures
            .iter()
            .find(|t| t.post == post && t.from <= week && week < t.to)
            .map(|t| t.member_id)
            .expect("every post is filled every week")
    }

    /// Who holds a post with this role in `week` (either, when there are two).
    fn holder_of_role(&self, rng: &mut Rng, role_key: &str, week: usize) -> i64 {
        let posts: Vec<usize> = (0..POSTS.len()).filter(|p| POSTS[*p].0 == role_key).collect();
        self.holder(*rng.pick(&posts), week)
    }

    fn any_holder(&mut self, week: usize) -> i64 {
        let post = self.rng.below(POSTS.len());
        self.holder(post, week)
    }

    fn run(mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<GenerateReport> {
        let total = self.weeks + 1;
        let mut carried = Vec::new();
        for week in 0..total {
            self.leave(week)?;
            carried = self.meeting(week, carried)?;
            progress(week + 1, total);
        }
        self.report.meetings = total;
        self.directory()?;
        self.supervision()?;
        self.outcomes()?;
        Ok(self.report)
    }

    /// Marks everyone whose tenure ends this week as having left the team on its meeting's day, as
    /// the coordinator would on the day: audited then.
    fn leave(&mut self, week: usize) -> Result<()> {
        let leaving: Vec<i64> = self.tenures.iter().filter(|t| t.to == week && week > 0).map(|t| t.member_id).collect();
        let day = self.day(week);
        for id in leaving {
            let before = self.members[&id].clone();
            let mut after = before.clone();
            after.left_on = Some(ymd(day));
            self.tx.execute("UPDATE team_members SET left_on = ?2 WHERE id = ?1", params![id, after.left_on])?;
            self.audit_at(&stamp(day, "08:30:00"), "team_member", id, "update", Some(&before), Some(&after))?;
            self.members.insert(id, after);
        }
        Ok(())
    }

    /// Writes one meeting: attendance, agenda, discussions, actions, audit. Returns the cases
    /// it listed but did not reach.
    fn meeting(&mut self, week: usize, carried: Vec<Carried>) -> Result<Vec<Carried>> {
        let day = self.day(week);
        let status = match week {
            w if w + 1 < self.weeks => meetings::MeetingStatus::Finalised,
            w if w + 1 == self.weeks => meetings::MeetingStatus::InProgress,
            _ => meetings::MeetingStatus::Planned,
        };
        let starts_at = format!("{}T{MEETING_TIME}", ymd(day));
        let chair = self.holder(CHAIR_POST, week);
        let minute_taker = self.holder(MINUTES_POST, week);
        let created = stamp(day - Duration::days(7), "10:00:00");
        let finalised_at = (status == meetings::MeetingStatus::Finalised).then(|| stamp(day + Duration::days(self.rng.range(0, 3)), "16:30:00"));
        let started_at = (status != meetings::MeetingStatus::Planned).then(|| starts_at.clone());
        // Written as in progress and finalised once its record is complete, as in the app: the
        // database refuses changes to finalised minutes.
        let written_as = if status == meetings::MeetingStatus::Finalised { meetings::MeetingStatus::InProgress } else { status };
        self.tx
            .prepare_cached(
                "INSERT INTO meetings (series_id, title, starts_at, planned_minutes, location, video_link, chair_id,
                     minute_taker_id, status, started_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 240, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            )?
            .execute(params![self.series_id, TITLE, starts_at, LOCATION, VIDEO_LINK, chair, minute_taker, written_as, started_at, created])?;
        let meeting_id = self.tx.last_insert_rowid();
        let meeting = meetings::get(self.tx, meeting_id)?;
        self.audit_at(&created, "meeting", meeting_id, "create", None, Some(&meeting))?;
        self.attendance(meeting_id, week, status)?;

        let mut position = 0;
        if week > 0 {
            self.other_item(meeting_id, position, "matters_arising", "Matters arising", 5)?;
            position += 1;
        }
        let target = self.rng.range(40, 60) as usize;
        let mut cases: Vec<(FollowUp, Option<CarriedFrom>)> = carried.into_iter().map(|c| (c.follow_up, Some(c.from))).collect();
        let mut due: Vec<FollowUp> = self.due.remove(&week).unwrap_or_default();
        while cases.len() < target {
            let next = match due.pop() {
                Some(f) => f,
                None => self.new_case(day)?,
            };
            cases.push((next, None));
        }
        // People not reached this week wait for the next.
        if !due.is_empty() {
            self.due.entry(week + 1).or_default().extend(due);
        }
        let in_progress_reached = cases.len() / 2;
        let mut not_reached = Vec::new();
        for (index, (follow_up, carried)) in cases.into_iter().enumerate() {
            let outcome = match status {
                meetings::MeetingStatus::Planned => Outcome::Pending,
                _ if follow_up.consent == Consent::Objected => Outcome::NotDiscussed,
                meetings::MeetingStatus::InProgress if index >= in_progress_reached => Outcome::Pending,
                meetings::MeetingStatus::InProgress => Outcome::Discussed,
                _ if self.rng.chance(0.04) => Outcome::NotDiscussed,
                _ => Outcome::Discussed,
            };
            let item = self.case_item(meeting_id, position, week, &follow_up, carried.as_ref(), outcome)?;
            position += 1;
            match outcome {
                Outcome::Discussed => {
                    self.discussion(&meeting, item.id, week, &follow_up)?;
                    self.actions(&meeting, &item, week, &follow_up)?;
                    self.referrals(&item, week)?;
                    self.follow_up_later(week, follow_up);
                }
                Outcome::NotDiscussed if follow_up.consent != Consent::Objected => not_reached.push(Carried {
                    follow_up,
                    from: CarriedFrom { item_id: item.id, reason: item.reason, presenter: item.presenter, minutes: item.minutes },
                }),
                // Someone who objected is never put back on an agenda automatically.
                Outcome::NotDiscussed => {}
                Outcome::Pending => self.due.entry(week + 1).or_default().push(follow_up),
            }
        }
        if week % 4 == 3 {
            let title = *self.rng.pick(notes::OTHER_ITEMS);
            self.other_item(meeting_id, position, "other", title, 10)?;
        }
        let planned: i64 = self.tx.query_row("SELECT sum(minutes_allowed) FROM agenda_items WHERE meeting_id = ?1", [meeting_id], |r| r.get(0))?;
        self.tx.execute("UPDATE meetings SET planned_minutes = ?2 WHERE id = ?1", params![meeting_id, planned.clamp(5, 600)])?;
        if let Some(finalised_at) = finalised_at {
            self.finalise(meeting_id, day, &finalised_at)?;
        }
        Ok(not_reached)
    }

    fn other_item(&self, meeting_id: i64, position: i64, kind: &str, title: &str, minutes: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO agenda_items (meeting_id, position, kind, title, minutes_allowed) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![meeting_id, position, kind, title, minutes])?;
        Ok(())
    }

    fn attendance(&mut self, meeting_id: i64, week: usize, status: meetings::MeetingStatus) -> Result<()> {
        let expected: Vec<i64> = (0..POSTS.len()).map(|post| self.holder(post, week)).collect();
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO attendance (meeting_id, member_id, expected, status, arrived_at, left_at) VALUES (?1, ?2, 1, ?3, ?4, ?5)",
        )?;
        for member_id in expected {
            let roll = self.rng.range(0, 99);
            let (state, arrived, left) = match status {
                meetings::MeetingStatus::Planned => ("unknown", None, None),
                _ if roll < 78 => ("present", None, None),
                _ if roll < 83 => ("present", Some(format!("13:{:02}", self.rng.range(10, 45))), None),
                _ if roll < 86 => ("present", None, Some(format!("14:{:02}", self.rng.range(0, 50)))),
                _ if roll < 96 => ("apologies", None, None),
                _ => ("absent", None, None),
            };
            insert.execute(params![meeting_id, member_id, state, arrived, left])?;
        }
        Ok(())
    }

    fn new_case(&mut self, day: NaiveDate) -> Result<FollowUp> {
        let letters = |rng: &mut Rng| char::from(b'A' + rng.range(0, 25) as u8);
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO cases (reference, created_at) VALUES (?1, ?2) ON CONFLICT (reference) DO NOTHING",
        )?;
        // A reference another team already uses (with --force) is skipped, never shared.
        let (reference, case_id) = loop {
            let reference = format!("{}{}-{:04}", letters(&mut self.rng), letters(&mut self.rng), 1000 + self.next_case);
            self.next_case += 1;
            if insert.execute(params![reference, stamp(day - Duration::days(6), "11:00:00")])? == 1 {
                break (reference, self.tx.last_insert_rowid());
            }
        };
        self.report.cases += 1;
        let mut rng = self.rng.fork(case_id as u64);
        self.people.push(Person::new(&mut rng));
        let consent = match self.rng.range(0, 99) {
            0 => Consent::Objected,
            1..=15 => Consent::NotRecorded,
            _ => Consent::Agreed,
        };
        // Most people come back a few times; some are seen once, a few for a long time.
        let visits_left = *self.rng.pick(&[0, 0, 1, 1, 1, 2, 2, 3, 4, 6]);
        Ok(FollowUp { case_id, reference, person_index: self.people.len() - 1, visits_left, consent })
    }

    fn follow_up_later(&mut self, week: usize, mut follow_up: FollowUp) {
        if follow_up.visits_left == 0 {
            return;
        }
        follow_up.visits_left -= 1;
        let gap = *self.rng.pick(&[1, 2, 2, 3, 4, 4, 6, 8]);
        self.due.entry(week + gap).or_default().push(follow_up);
    }

    fn case_item(
        &mut self,
        meeting_id: i64,
        position: i64,
        week: usize,
        follow_up: &FollowUp,
        carried: Option<&CarriedFrom>,
        outcome: Outcome,
    ) -> Result<ItemWritten> {
        let tx = self.tx;
        let (reason, presenter, minutes) = match carried {
            Some(c) => (c.reason.clone(), c.presenter, c.minutes),
            None => {
                let presenter = Some(self.any_holder(week));
                (self.people[follow_up.person_index].reason.to_string(), presenter, *self.rng.pick(&[3, 4, 5, 5, 5, 6, 8, 10]))
            }
        };
        let seconds = match outcome {
            Outcome::Discussed => minutes * 60 * self.rng.range(60, 140) / 100,
            _ => 0,
        };
        self.tx
            .prepare_cached(
                "INSERT INTO agenda_items (meeting_id, position, kind, case_id, reason, presenter_id, minutes_allowed,
                     consent, outcome, seconds_used, carried_from_id)
                 VALUES (?1, ?2, 'case', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                meeting_id,
                position,
                follow_up.case_id,
                reason,
                presenter,
                minutes,
                follow_up.consent,
                outcome,
                seconds,
                carried.map(|c| c.item_id)
            ])?;
        let id = tx.last_insert_rowid();
        let professionals = self.rng.range(0, 3);
        let mut insert = tx.prepare_cached(
            "INSERT INTO agenda_item_professionals (agenda_item_id, member_id, external_service) VALUES (?1, ?2, ?3)",
        )?;
        for _ in 0..professionals {
            if self.rng.chance(0.7) {
                insert.execute(params![id, self.any_holder(week), ""])?;
            } else {
                insert.execute(params![id, None::<i64>, self.rng.pick(notes::EXTERNAL_SERVICES)])?;
            }
        }
        Ok(ItemWritten { id, case_id: follow_up.case_id, reference: follow_up.reference.clone(), reason, presenter, minutes })
    }

    /// The same draws for one person at every discussion.
    fn rng_for_person(&self, person_index: usize) -> Rng {
        Rng::new(self.seed).fork(0x7e0_0000 + person_index as u64)
    }

    fn discussion(&mut self, meeting: &meetings::Meeting, item_id: i64, week: usize, follow_up: &FollowUp) -> Result<()> {
        let person = self.people[follow_up.person_index];
        let theme: &Theme = person.theme;
        let mut rng = self.rng.fork(item_id as u64);
        let day = self.day(week);
        let risk_holder = rng.chance(0.7).then(|| *rng.pick(&[CHAIR_POST, 1, 2, 3]));
        let review = rng.chance(0.7).then(|| ymd(day + Duration::days(rng.range(4, 12) * 7)));
        // Reviews that come back (issue #15), drawn from a stream of their own so the rest of the
        // data stays as it was: at a person's last discussion the team usually books no review (they
        // leave the MDT's list); a few are booked and never met, the overdue a real team finds.
        let mut reviews_rng = Rng::new(self.seed).fork(0x5e71_e000 ^ item_id as u64);
        let last_visit = follow_up.visits_left == 0;
        let review = review.filter(|_| !last_visit || reviews_rng.chance(0.003));
        let texts = (
            person.situation(&mut rng),
            person.done_so_far(&mut rng),
            person.discussion(&mut rng),
            person.communication_plan(&mut rng),
            person.decision(&mut rng),
        );
        let urgent = if rng.chance(0.3) { "Duty social worker 0113 496 0100; out of hours 0113 496 0199" } else { "" };
        self.tx
            .prepare_cached(
                "INSERT INTO case_discussions (agenda_item_id, situation, done_so_far, discussion, risk_holder_id,
                     communication_plan, urgent_contacts, decision, decision_owner_id, next_review_date, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                item_id,
                texts.0,
                texts.1,
                texts.2,
                risk_holder.map(|post| self.holder(post, week)),
                texts.3,
                urgent,
                texts.4,
                meeting.chair_id,
                review,
                stamp(day, "14:45:00")
            ])?;
        // A person's needs and who leads stay the same from one discussion to the next, as they do in a
        // real team unless something changes (a step-down or step-up is recorded apart); drawing them
        // afresh each time made the lead "move" between roles at most meetings.
        let mut steady = self.rng_for_person(follow_up.person_index);
        let count = steady.range(1, theme.needs.len().min(4) as i64) as usize;
        let needs = steady.pick_distinct(theme.needs, count);
        let mut insert = self.tx.prepare_cached("INSERT INTO discussion_needs (agenda_item_id, need) VALUES (?1, ?2)")?;
        for need in needs {
            insert.execute(params![item_id, need])?;
        }
        let count = steady.range(1, theme.leads.len() as i64) as usize;
        let leads = steady.pick_distinct(theme.leads, count);
        let mut insert =
            self.tx.prepare_cached("INSERT INTO discussion_leads (agenda_item_id, aspect, member_id, role_key) VALUES (?1, ?2, ?3, ?4)")?;
        for (aspect, role_key) in leads {
            if rng.chance(0.85) {
                let member = self.holder_of_role(&mut rng, role_key, week);
                insert.execute(params![item_id, aspect, member, None::<&str>])?;
            } else {
                insert.execute(params![item_id, aspect, None::<i64>, role_key])?;
            }
        }
        // Escalations raised earlier: most are closed at the person's next discussion, nearly all by
        // their last (handed over as they leave the MDT's list).
        let mut still_open = Vec::new();
        for (raised_at, trigger, route) in self.open_escalations.remove(&follow_up.person_index).unwrap_or_default() {
            if reviews_rng.chance(if last_visit { 0.97 } else { 0.6 }) {
                self.close_escalation(raised_at, trigger, route, item_id, meeting, day, last_visit, &mut reviews_rng)?;
            } else {
                still_open.push((raised_at, trigger, route));
            }
        }
        if rng.chance(0.12) {
            let trigger: EscalationTrigger = theme.escalation;
            let (route, informed, not_needed) = if rng.chance(0.6) {
                let (route, informed) = notes::escalation_route(trigger);
                (route, informed, "")
            } else {
                ("", "", *rng.pick(notes::NOT_ESCALATED))
            };
            self.tx
                .prepare_cached(
                    "INSERT INTO escalations (agenda_item_id, trigger, route, informed, not_needed_reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![item_id, trigger, route, informed, not_needed])?;
            if !route.is_empty() {
                if last_visit && reviews_rng.chance(0.97) {
                    self.close_escalation(item_id, trigger, route, item_id, meeting, day, true, &mut reviews_rng)?;
                } else {
                    still_open.push((item_id, trigger, route));
                }
            }
        }
        if !still_open.is_empty() {
            self.open_escalations.insert(follow_up.person_index, still_open);
        }
        if rng.chance(0.06) {
            let (direction, (from, to, plan)) = if rng.chance(0.7) {
                (TransitionDirection::StepDown, *rng.pick(notes::HANDOVERS))
            } else {
                (TransitionDirection::StepUp, *rng.pick(notes::STEP_UPS))
            };
            // Most step-downs book a follow-up three to eight weeks on (few at a last discussion).
            let follow_up_date = (direction == TransitionDirection::StepDown && reviews_rng.chance(if last_visit { 0.01 } else { 0.8 }))
                .then(|| ymd(day + Duration::days(reviews_rng.range(3, 8) * 7)));
            self.tx
                .prepare_cached(
                    "INSERT INTO care_transitions (agenda_item_id, direction, from_role_key, to_role_key, handover_plan, joint_visits, consult_contact, follow_up_date)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![item_id, direction, from, to, plan, rng.range(0, 3), "Duty OT, community therapy team", follow_up_date])?;
        }
        self.report.discussions += 1;
        Ok(())
    }

    /// Closes an escalation at the discussion `at` (the meeting's chair closing it that day).
    #[allow(clippy::too_many_arguments)]
    fn close_escalation(
        &mut self,
        raised_at: i64,
        trigger: EscalationTrigger,
        route: &str,
        at: i64,
        meeting: &meetings::Meeting,
        day: NaiveDate,
        leaving: bool,
        rng: &mut Rng,
    ) -> Result<()> {
        let Some(chair) = meeting.chair_id else { return Ok(()) };
        let (outcome, reason) = if leaving {
            ("handed_over", "Handed over to the service now holding it as the person leaves the MDT's list.")
        } else {
            *rng.pick(&[
                ("resolved", "The concern was looked into and is resolved."),
                ("de_escalated", "Things have settled; support stepped back down."),
                ("handed_over", "The receiving service has taken it on."),
            ])
        };
        self.tx
            .prepare_cached(
                "INSERT INTO escalation_closures (raised_at_item_id, trigger, route, closed_at_item_id, outcome, closed_by_id, closed_on, reason, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![raised_at, trigger, route, at, outcome, chair, ymd(day), reason, stamp(day, "14:50:00"), ACTOR])?;
        Ok(())
    }

    /// The actions agreed for one case, each where it stands by the end date: recent ones mostly
    /// open, older ones mostly done, a few forgotten for months.
    fn actions(&mut self, meeting: &meetings::Meeting, item: &ItemWritten, week: usize, follow_up: &FollowUp) -> Result<()> {
        let day = self.day(week);
        let weeks_ago = self.weeks.saturating_sub(1 + week);
        let open_chance = match weeks_ago {
            // Agreed at the meeting still in progress.
            _ if week + 1 >= self.weeks => 1.0,
            0..=6 => 0.7,
            7..=26 => 0.07,
            27..=52 => 0.025,
            _ => 0.003,
        };
        let count = *self.rng.pick(&[1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7]);
        let mut rng = self.rng.fork(item.id as u64 ^ 0x5a5a);
        for _ in 0..count {
            let description = self.people[follow_up.person_index].action(&mut rng);
            let post = rng.below(POSTS.len());
            let owner = self.holder(post, week);
            let due = (!rng.chance(0.08)).then(|| day + Duration::days(*rng.pick(&[7, 14, 14, 21, 28, 42])));
            let status = if rng.chance(open_chance) {
                ActionStatus::Open
            } else if rng.chance(0.94) {
                ActionStatus::Done
            } else {
                ActionStatus::Cancelled
            };
            // Whoever leaves hands their open actions to the person who takes over the post.
            let owner = if status == ActionStatus::Open { self.holder(post, self.weeks) } else { owner };
            let done_on = (status == ActionStatus::Done).then(|| {
                let target = due.unwrap_or(day + Duration::days(21)) + Duration::days(rng.range(-5, 20));
                ymd(target.clamp(day, self.end))
            });
            let cancel_reason = if status == ActionStatus::Cancelled { *rng.pick(notes::CANCEL_REASONS) } else { "" };
            let created = stamp(day, "14:50:00");
            let updated = match &done_on {
                Some(d) => format!("{d}T16:00:00Z"),
                None if status == ActionStatus::Cancelled => stamp((day + Duration::days(30)).min(self.end), "16:00:00"),
                None => created.clone(),
            };
            let due = due.map(ymd);
            self.tx
                .prepare_cached(
                    "INSERT INTO agreed_actions (meeting_id, agenda_item_id, case_id, description, owner_id, due_date,
                         status, done_on, cancel_reason, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![meeting.id, item.id, item.case_id, description, owner, due, status, done_on, cancel_reason, created, updated])?;
            let mut action = AgreedAction {
                id: self.tx.last_insert_rowid(),
                meeting_id: meeting.id,
                meeting_title: meeting.title.clone(),
                meeting_starts_at: meeting.starts_at.clone(),
                agenda_item_id: Some(item.id),
                case_reference: Some(item.reference.clone()),
                description,
                owner_id: owner,
                owner_name: self.members[&owner].name.clone(),
                due_date: due,
                status: ActionStatus::Open,
                done_on: None,
                cancel_reason: String::new(),
                overdue: false,
            };
            self.audit_at(&created, "agreed_action", action.id, "create", None, Some(&action))?;
            self.report.actions += 1;
            if status == ActionStatus::Open {
                self.report.open_actions += 1;
                let overdue = action.due_date.as_deref().is_some_and(|d| d < ymd(self.end).as_str());
                self.report.overdue_actions += usize::from(overdue);
                continue;
            }
            let before = action.clone();
            action.status = status;
            action.done_on = done_on;
            action.cancel_reason = cancel_reason.into();
            self.audit_at(&updated, "agreed_action", action.id, "update", Some(&before), Some(&action))?;
        }
        Ok(())
    }

    /// About one discussion in six makes a referral: the OT to the SPLW and back (to the role or to
    /// the member in post), or to an outside service with the person's consent to share (asked
    /// first; a few say no, and then no referral is made). Each moves on as referrals do: recent
    /// ones sent, accepted or waiting; older ones seen and closed, a few declined with the
    /// receiver's reason; feedback to the referrer due four weeks on, mostly given.
    fn referrals(&mut self, item: &ItemWritten, week: usize) -> Result<()> {
        // Its own stream, so the rest of the data is as it was before referrals were generated.
        let mut rng = Rng::new(self.seed).fork(0x7ef_0000_0000 + item.id as u64);
        if !rng.chance(0.17) {
            return Ok(());
        }
        let day = self.day(week);
        let made_on = ymd(day);
        let at = stamp(day, "15:00:00");
        let ot = self.holder_of_role(&mut rng, "ot", week);
        let splw = self.holder_of_role(&mut rng, "splw", week);
        let (from, kind, role, member, service, reason) = match rng.range(0, 9) {
            0..=2 => {
                let to_member = rng.chance(0.5);
                (ot, if to_member { "member" } else { "role" }, (!to_member).then_some("splw"), to_member.then_some(splw), "", *rng.pick(notes::OT_TO_SPLW))
            }
            3..=5 => {
                let to_member = rng.chance(0.5);
                (splw, if to_member { "member" } else { "role" }, (!to_member).then_some("ot"), to_member.then_some(ot), "", *rng.pick(notes::SPLW_TO_OT))
            }
            _ => {
                let (service, reason) = *rng.pick(notes::OUTSIDE_REFERRALS);
                (if rng.chance(0.7) { splw } else { ot }, "service", None, None, service, reason)
            }
        };
        let mut consent_id = None;
        if kind == "service" {
            let agreed = rng.chance(0.92);
            let decision = if agreed { "agreed" } else { "refused" };
            self.tx
                .prepare_cached(
                    "INSERT INTO sharing_consents (case_id, service, decision, decided_on, agenda_item_id, recorded_at, recorded_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![item.case_id, service, decision, made_on, item.id, at, ACTOR])?;
            let id = self.tx.last_insert_rowid();
            let logged = serde_json::json!({ "id": id, "service": service, "decision": decision, "decidedOn": made_on });
            self.audit_at(&at, "sharing_consent", id, "create", None, Some(&logged))?;
            if !agreed {
                return Ok(());
            }
            consent_id = Some(id);
        }
        let feedback_due = ymd(day + Duration::days(28));
        // Where it has got to by the end date, with the date of each step.
        let weeks_ago = self.weeks.saturating_sub(1 + week) as i64;
        let mut steps: Vec<(&str, NaiveDate, &str)> = vec![("sent", day, "")];
        let mut at_day = day;
        let mut step = |rng: &mut Rng, status: &'static str, reason: &'static str, steps: &mut Vec<(&str, NaiveDate, &str)>| {
            at_day = (at_day + Duration::days(rng.range(2, 21))).min(self.end);
            steps.push((status, at_day, reason));
        };
        let stage = if weeks_ago < 2 { rng.range(0, 2) } else if weeks_ago < 8 { rng.range(1, 4) } else { 5 };
        if stage >= 1 {
            if rng.chance(0.07) {
                let why = *rng.pick(notes::DECLINE_REASONS);
                step(&mut rng, "declined", why, &mut steps);
            } else {
                step(&mut rng, "accepted", "", &mut steps);
                if stage >= 2 && rng.chance(0.5) {
                    step(&mut rng, "waiting", "", &mut steps);
                }
                if stage >= 3 {
                    step(&mut rng, "seen", "", &mut steps);
                }
                if stage >= 5 {
                    step(&mut rng, "closed", "", &mut steps);
                }
            }
        }
        let feedback_given = (weeks_ago >= 6 && rng.chance(0.9)).then(|| ymd((day + Duration::days(rng.range(14, 40))).min(self.end)));
        let (status, status_on, declined) = steps.last().map(|(s, d, r)| (*s, ymd(*d), *r)).expect("sent at least");
        let wait = (kind != "member").then(|| rng.range(1, 12));
        self.tx
            .prepare_cached(
                "INSERT INTO referrals (case_id, agenda_item_id, from_member_id, to_kind, to_role_key, to_member_id, to_service, made_on, reason,
                     status, status_on, declined_reason, expected_wait_weeks, feedback_due, feedback_given_on, sharing_consent_id, version,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18)",
            )?
            .execute(params![
                item.case_id, item.id, from, kind, role, member, service, made_on, reason, status, status_on, declined, wait,
                feedback_due, feedback_given, consent_id, steps.len() as i64 + i64::from(feedback_given.is_some()), at
            ])?;
        let id = self.tx.last_insert_rowid();
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO referral_statuses (referral_id, status, status_on, reason, recorded_at, recorded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (status, on, why) in &steps {
            insert.execute(params![id, status, ymd(*on), why, stamp(*on, "16:00:00"), ACTOR])?;
        }
        let logged = serde_json::json!({ "id": id, "caseReference": item.reference, "madeOn": made_on, "reason": reason, "status": "sent" });
        self.audit_at(&at, "referral", id, "create", None, Some(&logged))?;
        self.report.referrals += 1;
        let finished = matches!(status, "declined" | "closed");
        self.report.open_referrals += usize::from(!finished || feedback_given.is_none());
        Ok(())
    }

    /// The team's directory of local services: each entry added some time in the years generated,
    /// most checked since (a few more than a year before the end date, so they are marked), a few
    /// never. Its own random stream, so the rest of the data is as it was before.
    fn directory(&mut self) -> Result<()> {
        let mut rng = Rng::new(self.seed).fork(0xd1_0000_0000);
        let end = self.end;
        for &(name, offers, for_whom, how_to_refer, contact, area) in notes::DIRECTORY {
            let added = self.day(rng.below(self.weeks.max(1)));
            let checked = match rng.range(0, 9) {
                0 => None,
                1..=2 => Some((end - Duration::days(rng.range(366, 900))).max(added)),
                _ => Some((end - Duration::days(rng.range(0, 330))).max(added)),
            };
            let last_checked = checked.map(ymd);
            // Written as it was last checked (or when added, if never checked): one version.
            let at = stamp(checked.unwrap_or(added), "11:00:00");
            let updated = at.clone();
            self.tx
                .prepare_cached(
                    "INSERT INTO directory_entries (name, offers, for_whom, how_to_refer, contact, area, last_checked, archived, version, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 1, ?8, ?9, ?10)",
                )?
                .execute(params![name, offers, for_whom, how_to_refer, contact, area, last_checked, at, updated, ACTOR])?;
            let id = self.tx.last_insert_rowid();
            let logged = serde_json::json!({
                "name": name, "offers": offers, "forWhom": for_whom, "howToRefer": how_to_refer, "contact": contact, "area": area,
                "lastChecked": last_checked, "archived": false,
            });
            self.audit_at(&at, "directory_entry", id, "create", None, Some(&logged))?;
            self.report.directory_entries += 1;
            self.report.directory_due += usize::from(crate::directory::check_state(last_checked.as_deref(), end).0);
        }
        Ok(())
    }

    /// Each SPLW's clinical supervision: about every four weeks with a GP in post (one-to-one, now
    /// and then a group or case-based session), a month missed now and then; the SPLWs in post at the end have their supervisor set. Its own random
    /// stream, so the rest of the data is as it was before.
    fn supervision(&mut self) -> Result<()> {
        let mut rng = Rng::new(self.seed).fork(0x5e_0000_0000);
        let gp_post = 1;
        let end_week = self.weeks;
        for splw_post in (0..POSTS.len()).filter(|p| POSTS[*p].0 == supervision::SUPERVISED_ROLE) {
            let mut week = rng.range(0, 4) as usize;
            while week <= end_week {
                if !rng.chance(0.08) {
                    let supervisee = self.holder(splw_post, week);
                    let format = match rng.range(0, 9) {
                        0 => "group",
                        1 => "case_based",
                        _ => "one_to_one",
                    };
                    let supervisor = self.holder(gp_post, week);
                    let held = (self.day(week) + Duration::days(rng.range(0, 3))).min(self.end);
                    let at = stamp(held, "16:30:00");
                    self.tx
                        .prepare_cached(
                            "INSERT INTO supervision_sessions (supervisee_id, supervisor_id, held_on, format, created_at, created_by)
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        )?
                        .execute(params![supervisee, supervisor, ymd(held), format, at, ACTOR])?;
                    let id = self.tx.last_insert_rowid();
                    let logged = serde_json::json!({ "id": id, "superviseeId": supervisee, "supervisorId": supervisor, "heldOn": ymd(held), "format": format, "caseReferences": [] });
                    self.audit_at(&at, "supervision_session", id, "create", None, Some(&logged))?;
                    self.report.supervision_sessions += 1;
                }
                week += 4 + usize::from(rng.chance(0.2));
            }
            let current = self.holder(splw_post, end_week);
            let supervisor = self.holder(gp_post, end_week);
            let at = stamp(self.day(end_week), "09:00:00");
            self.tx.execute(
                "INSERT INTO supervision_arrangements (supervisee_id, supervisor_id, scope_confirmed, version, updated_at, updated_by) VALUES (?1, ?2, 0, 1, ?3, ?4)",
                params![current, supervisor, at, ACTOR],
            )?;
            let logged = serde_json::json!({ "superviseeId": current, "supervisorId": supervisor, "scopeConfirmed": false, "version": 1 });
            self.audit_at(&at, "supervision_arrangement", current, "create", None, Some(&logged))?;
        }
        let in_post: Vec<i64> = (0..POSTS.len()).filter(|p| POSTS[*p].0 == supervision::SUPERVISED_ROLE).map(|p| self.holder(p, end_week)).collect();
        self.report.supervision_overdue =
            supervision::status(self.tx, self.end)?.iter().filter(|s| s.overdue && in_post.contains(&s.member_id)).count();
        Ok(())
    }

    /// Finalised minutes carry the snapshot the app records, read back through the core.
    fn finalise(&mut self, meeting_id: i64, day: NaiveDate, at: &str) -> Result<()> {
        self.tx.execute(
            "UPDATE meetings SET status = 'finalised', finalised_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![meeting_id, at],
        )?;
        let snapshot = meetings::load(self.tx, meeting_id)?;
        self.audit_at(at, "meeting", meeting_id, "finalise", None, Some(&snapshot))?;
        if self.rng.chance(0.02) {
            let reason = *self.rng.pick(notes::AMENDMENT_REASONS);
            self.tx.execute(
                "INSERT INTO minute_amendments (meeting_id, reason, amended_at, amended_by) VALUES (?1, ?2, ?3, ?4)",
                params![meeting_id, reason, stamp(day + Duration::days(8), "09:30:00"), ACTOR],
            )?;
        }
        Ok(())
    }

    /// ONS4 outcome scores for about one person in six discussed more than once: a first sitting
    /// at their first discussion and more at later ones, months apart (up to five), the answers
    /// drifting a little each time (more often for the better), a question now and then left
    /// unanswered. Its own random stream, so the rest of the data is as it was before.
    fn outcomes(&mut self) -> Result<()> {
        let mut rng = Rng::new(self.seed).fork(0x0c_0000_0000);
        let people: Vec<(i64, String)> = self
            .tx
            .prepare(
                "SELECT a.case_id, group_concat(a.id || '@' || substr(m.starts_at, 1, 10), ',')
                 FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
                 WHERE a.kind = 'case' AND a.outcome = 'discussed'
                 GROUP BY a.case_id HAVING count(*) > 1 ORDER BY a.case_id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        const ITEMS: [&str; 4] = ["life_satisfaction", "worthwhile", "happiness", "anxiety"];
        for (case_id, discussions) in people {
            if !rng.chance(0.17) {
                continue;
            }
            let mut seen: Vec<(i64, String)> = discussions
                .split(',')
                .filter_map(|d| d.split_once('@').and_then(|(id, day)| Some((id.parse().ok()?, day.to_string()))))
                .collect();
            seen.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
            let mut values = [rng.range(2, 6), rng.range(3, 7), rng.range(2, 7), rng.range(5, 9)];
            let mut last: Option<NaiveDate> = None;
            let mut sittings = 0;
            for (item_id, day) in seen {
                let Ok(on) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
                if sittings == 5 || last.is_some_and(|l| on - l < Duration::days(84)) {
                    continue;
                }
                if sittings > 0 {
                    for (i, v) in values.iter_mut().enumerate() {
                        // Better more often than worse: up for the first three, down for anxiety.
                        let step = rng.range(-1, 2);
                        *v = (*v + if i == 3 { -step } else { step }).clamp(0, 10);
                    }
                }
                let at = stamp(on, "14:00:00");
                self.tx
                    .prepare_cached(
                        "INSERT INTO outcome_scores (case_id, measure_key, taken_on, agenda_item_id, note, recorded_by, recorded_at)
                         VALUES (?1, 'ons4', ?2, ?3, '', ?4, ?5)",
                    )?
                    .execute(params![case_id, day, item_id, ACTOR, at])?;
                let id = self.tx.last_insert_rowid();
                let mut answers = Vec::new();
                for (key, value) in ITEMS.iter().zip(values) {
                    let value = (!rng.chance(0.05)).then_some(value);
                    self.tx
                        .prepare_cached("INSERT INTO outcome_score_values (score_id, item_key, value) VALUES (?1, ?2, ?3)")?
                        .execute(params![id, key, value])?;
                    answers.push(serde_json::json!({ "itemKey": key, "value": value }));
                }
                let logged = serde_json::json!({ "id": id, "caseId": case_id, "measureKey": "ons4", "takenOn": day, "answers": answers, "agendaItemId": item_id });
                self.audit_at(&at, "outcome_score", id, "create", None, Some(&logged))?;
                sittings += 1;
                last = Some(on);
                self.report.outcome_sittings += 1;
            }
            self.report.outcome_people += usize::from(sittings > 0);
        }
        Ok(())
    }

    fn audit_at<T: Serialize>(&self, at: &str, entity: &str, id: i64, action: &str, before: Option<&T>, after: Option<&T>) -> Result<()> {
        let json = |v: Option<&T>| v.map(|v| serde_json::to_string(v).expect("domain types serialise"));
        self.tx
            .prepare_cached(
                "INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![at, ACTOR, entity, id, action, json(before), json(after)])?;
        Ok(())
    }
}

/// What the actions of a case item need to know about it.
struct ItemWritten {
    id: i64,
    case_id: i64,
    reference: String,
    reason: String,
    presenter: Option<i64>,
    minutes: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_fall_on_the_tuesday_on_or_before_the_end() {
        let tue = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap();
        assert_eq!(meeting_day(tue), tue);
        assert_eq!(meeting_day(tue + Duration::days(6)), tue);
        assert_eq!(meeting_day(tue - Duration::days(1)), tue - Duration::days(7));
    }
}
