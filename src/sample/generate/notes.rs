//! The words of the generated records: reasons for referral, notes, decisions and actions, put
//! together from invented sentences so that ten years of notes read like notes and give the
//! full-text index realistic work. Nothing here describes a real person, service or place.

use super::rng::Rng;
use crate::discussions::{EscalationTrigger, Need};
use crate::words::capitalised;

/// The kind of story a person's case follows, so their notes stay on one subject across visits.
pub struct Theme {
    pub needs: &'static [Need],
    pub reasons: &'static [&'static str],
    pub concerns: &'static [&'static str],
    pub goals: &'static [&'static str],
    /// Aspects of support and the role that usually leads on each.
    pub leads: &'static [(&'static str, &'static str)],
    pub escalation: EscalationTrigger,
}

pub const THEMES: &[Theme] = &[
    Theme {
        needs: &[Need::Functional, Need::ClinicalRisk, Need::EnvironmentalRisk, Need::PhysicalActivity],
        reasons: &["Falls at home, lives alone", "Three falls since the spring; frightened to go out", "Unsteady on the stairs after a hospital stay"],
        concerns: &["two falls on the stairs at night", "getting up from the floor without help", "a loose stair carpet and poor lighting", "giving up going out since the last fall"],
        goals: &["to get to the corner shop on their own again", "to feel safe on the stairs", "to go back to the Tuesday lunch club"],
        leads: &[("Functional assessment", "ot"), ("Strength and balance", "physio"), ("Getting out and about", "splw")],
        escalation: EscalationTrigger::EnvironmentalRisk,
    },
    Theme {
        needs: &[Need::EnvironmentalRisk, Need::MentalHealth, Need::Safeguarding],
        reasons: &["Hoarding reported by the housing officer", "Home too cluttered for carers to visit safely", "Fire risk at home raised by a neighbour"],
        concerns: &["blocked exits and piles of paper by the cooker", "refusing entry to the gas engineer", "distress when anyone suggests clearing things"],
        goals: &["to keep the kitchen and hallway clear", "to have the boiler serviced", "to stay in the flat they have lived in for thirty years"],
        leads: &[("Home environment", "ot"), ("Emotional support", "mental_health"), ("Tenancy and housing", "social_worker")],
        escalation: EscalationTrigger::EnvironmentalRisk,
    },
    Theme {
        needs: &[Need::SocialIsolation, Need::EmotionalWellbeing],
        reasons: &["Isolated since a bereavement", "Low mood and not leaving the house", "Lonely after moving to be near family"],
        concerns: &["not speaking to anyone for days at a time", "stopping the activities they used to enjoy", "sleeping badly since their partner died"],
        goals: &["to meet people who share an interest in gardening", "to have something to look forward to each week", "to feel less alone in the evenings"],
        leads: &[("Social connection", "splw"), ("Mood", "mental_health")],
        escalation: EscalationTrigger::Deterioration,
    },
    Theme {
        needs: &[Need::FrequentAttendance, Need::MentalHealth, Need::LongTermCondition],
        reasons: &["Frequent attendance at the emergency department", "Many calls to the practice about chest pain", "Repeated ambulance call-outs with no injury found"],
        concerns: &["several ambulance calls a month", "worry about a heart problem despite normal tests", "calling the out-of-hours service most weekends"],
        goals: &["to know who to call when they feel unwell", "to trust the test results", "to manage the anxiety without going to hospital"],
        leads: &[("Single point of contact", "hiu_lead"), ("Physical health review", "gp"), ("Anxiety", "mental_health")],
        escalation: EscalationTrigger::Complexity,
    },
    Theme {
        needs: &[Need::Carer, Need::EmotionalWellbeing, Need::Cognitive],
        reasons: &["Carer under strain looking after a partner with dementia", "Carer not sleeping, asking for a break", "Family carer struggling since a diagnosis"],
        concerns: &["being up several times every night", "no time for their own appointments", "feeling guilty about asking for help"],
        goals: &["to have one afternoon a week to themselves", "to plan for a short break", "to understand what help is available"],
        leads: &[("Carer support", "splw"), ("Care and support needs", "social_worker"), ("Memory and cognition", "gp")],
        escalation: EscalationTrigger::Complexity,
    },
    Theme {
        needs: &[Need::Money, Need::Housing, Need::EmotionalWellbeing],
        reasons: &["Rent arrears and worry about eviction", "Heating off because of the cost", "Debt letters unopened, sleeping badly"],
        concerns: &["a notice seeking possession from the landlord", "choosing between heating and food", "a pile of unopened letters from creditors"],
        goals: &["to keep their home", "to understand what they are entitled to", "to get the heating back on before winter"],
        leads: &[("Money and benefits", "splw"), ("Housing", "social_worker")],
        escalation: EscalationTrigger::Deterioration,
    },
    Theme {
        needs: &[Need::LongTermCondition, Need::ClinicalRisk, Need::PhysicalActivity],
        reasons: &["Breathless, poorly controlled lung disease", "Diabetes control slipping, missed reviews", "Heart failure, ankles swelling again"],
        concerns: &["running out of inhalers before the end of the month", "blood sugars high for several weeks", "weight going up by two kilos in a week"],
        goals: &["to walk to the bus stop without stopping", "to understand their medicines", "to stay out of hospital this winter"],
        leads: &[("Medicines", "pharmacist"), ("Condition review", "nurse"), ("Activity", "physio")],
        escalation: EscalationTrigger::Deterioration,
    },
    Theme {
        needs: &[Need::Cognitive, Need::Safeguarding, Need::Functional],
        reasons: &["Memory worse, found lost in town", "Forgetting medicines and meals", "Family worried about scams and missing money"],
        concerns: &["leaving the gas on twice this month", "answering the door to cold callers", "not eating when on their own"],
        goals: &["to stay at home with the right support", "to keep their independence for as long as possible", "to have a plan the family agrees with"],
        leads: &[("Memory assessment", "gp"), ("Daily living", "ot"), ("Safeguarding", "safeguarding")],
        escalation: EscalationTrigger::Safeguarding,
    },
    Theme {
        needs: &[Need::Employment, Need::PhysicalActivity, Need::EmotionalWellbeing],
        reasons: &["Off work for six months after back surgery", "Wants to return to work after a stroke", "Signed off with stress, worried about the job"],
        concerns: &["pain when sitting for more than an hour", "fatigue by the middle of the day", "losing confidence after a long time off"],
        goals: &["to go back to work on reduced hours", "to talk to the employer about changes", "to build up stamina over the next two months"],
        leads: &[("Return to work", "ot"), ("Exercise plan", "physio"), ("Confidence and wellbeing", "splw")],
        escalation: EscalationTrigger::Complexity,
    },
    Theme {
        needs: &[Need::Safeguarding, Need::EnvironmentalRisk, Need::ClinicalRisk],
        reasons: &["Self-neglect, refusing help", "Weight loss and not looking after themselves", "Concerns raised by a neighbour about the state of the home"],
        concerns: &["not washing or changing clothes for weeks", "food going off in the fridge", "a pressure sore found by the nurse"],
        goals: &["to accept one visit a week", "to keep their dog", "to be left alone as much as possible"],
        leads: &[("Safeguarding", "safeguarding"), ("Skin and wound care", "nurse"), ("Engagement", "splw")],
        escalation: EscalationTrigger::Safeguarding,
    },
];

pub const SERVICES: &[&str] = &[
    "falls prevention class", "lunch club at the community centre", "community garden project", "Citizens Advice",
    "talking therapies service", "memory assessment service", "community mental health team", "district nursing team",
    "housing options team", "carers' centre", "walking group", "befriending service", "digital skills drop-in",
    "warm space at the library", "pulmonary rehabilitation", "money advice service",
];

const FAMILY: &[&str] =
    &["their daughter", "their son", "a neighbour", "their niece", "a friend from church", "their partner", "an older brother"];
const ROLES: &[&str] =
    &["OT", "link worker", "district nurse", "GP", "physiotherapist", "social worker", "pharmacist", "care coordinator"];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

const SITUATION: &[&str] = &[
    "Referred by the {role} after {concern}.",
    "Lives alone in a first-floor flat; {family} visits at weekends.",
    "The main worry at the moment is {concern}.",
    "Says they would like {goal}.",
    "Has been in touch with the practice {n} times in the last three months.",
    "Seen in the emergency department {n} weeks ago and sent home the same day.",
    "Takes regular medicines for blood pressure and arthritis and is not always sure which tablet is which.",
    "Describes feeling low since the winter and hardly going out.",
    "{family} is worried and phoned the surgery last week.",
    "Keeps most appointments but missed the last two with the {role}.",
    "Uses a stick indoors and a frame outside.",
    "The heating has been off on some days because of the cost.",
    "Has a cat and says looking after it keeps them going.",
    "Prefers {family} to be there for longer conversations.",
    "Moved from supported housing into a council tenancy last year.",
    "Since the last meeting, {concern} has happened again.",
];

const DONE_SO_FAR: &[&str] = &[
    "The {role} visited on {weekday} and completed a first assessment.",
    "Referred to the {service}; the wait is about {n} weeks.",
    "Medication review booked with the pharmacist.",
    "Grab rails and a perching stool ordered through the equipment service.",
    "Benefits check done; an attendance allowance form has been started.",
    "Two phone calls from the link worker to talk through local groups.",
    "Bloods taken; all normal apart from a low vitamin D.",
    "With consent, the plan was shared with {family}.",
    "Invited to the frailty clinic by letter.",
    // Not "informal safeguarding advice taken": a line every kind of case could draw, while advice on
    // safeguarding is sought only where there is a concern (the guidance checks rightly read it so).
    "Asked who else lives at home: nobody else depends on them.",
    "A pendant alarm was offered and accepted.",
    "A short course of physiotherapy has improved their balance a little.",
    "The {role} tried twice to visit on {weekday} and found nobody in.",
];

const DISCUSSION: &[&str] = &[
    "The team talked through what matters most to them, which is {goal}.",
    "The {role} felt that {concern} is the main barrier for now and that working jointly would help.",
    "Members discussed whether this needs a clinical lead or whether the link worker can hold it with support.",
    "The GP said the physical health picture is stable and most of the risk is in the home.",
    "Repeated short contacts have not worked so far; one person should hold the relationship.",
    "The social worker will check whether a care and support needs assessment is due.",
    "There was concern that {family} is carrying a lot and may need a carer's assessment.",
    "The pharmacist suggested moving the medicines to once a day to make them easier to manage.",
    "The plan is realistic if the {service} picks up the referral within {n} weeks.",
    "The team kept in mind that they have turned down some offers before and want to stay in charge of decisions.",
    "It was noted that {concern} has come up at earlier meetings and progress has been slow but steady.",
    "The risk of a crisis over the weekend was discussed, and who would be called.",
    "The OT described the home as cluttered but safe to move around with a few changes.",
    "The link worker said they enjoyed the first session at the {service} and would like to go again.",
    "A joint visit would save asking the same questions twice.",
    "Nothing suggests they lack capacity for these decisions, and their choices should be respected.",
    "The mental health practitioner offered a clinic appointment if the low mood continues.",
    "The nurse reported the leg ulcer is healing and dressings are down to twice a week.",
    "Some members felt the {service} referral should wait until things at home are more settled.",
    "The team agreed what success would look like in {n} weeks.",
    "The {role} will ask them directly what help they would accept, rather than offering a list.",
    "Their own words were that they want {goal}, and the plan is built around that.",
];

const COMMUNICATION: &[&str] = &[
    "The {role} will phone {family} after the visit and share the plan with consent.",
    "Update the shared care record by the end of the week.",
    "Write to them with what was agreed, in plain words.",
    "Prefers phone calls in the morning; letters make them anxious.",
    "The link worker is the main contact for them and for {family}.",
    "Feed any change back at the next MDT.",
];

const DECISION: &[&str] = &[
    "Carry on with the current plan and review in {n} weeks.",
    "Joint visit by the {role} and the link worker, then agree who leads.",
    "Step down to the link worker once the equipment is in place.",
    "Refer to the {service} and keep on the MDT list until first contact is made.",
    "Close to the MDT: settled, and knows how to get back in touch.",
    "GP to review medicines; OT to assess the home; link worker to support with the {service}.",
    "Hold the plan as it is; the {role} to report back next time.",
];

const ACTIONS: &[&str] = &[
    "Phone {family} to agree a date for a joint visit",
    "Refer to the {service}",
    "Complete a home safety assessment",
    "Book a medication review with the pharmacist",
    "Send the benefits check results and next steps",
    "Chase the equipment delivery",
    "Invite to the next {service} session and arrange transport",
    "Check whether a carer's assessment has been offered",
    "Write to them with the agreed plan",
    "Review the blood results and report back at the next meeting",
    "Ask the housing officer about a move to a ground-floor flat",
    "Follow-up phone call in two weeks",
    "Update the shared care record",
    "Talk to the safeguarding lead and record the outcome",
    "Find out what support they would like from the {service}",
];

pub const CANCEL_REASONS: &[&str] = &[
    "They said no to this when asked.",
    "No longer needed: moved out of the area.",
    "Replaced by the plan agreed at a later meeting.",
    "Admitted to hospital; to be picked up again on discharge.",
    "Recorded twice; the other action covers it.",
];

pub const OTHER_ITEMS: &[&str] = &["Service updates", "New referral route from the frailty clinic", "Review of open actions"];

pub const AMENDMENT_REASONS: &[&str] = &[
    "An action was recorded against the wrong owner.",
    "The link worker's update arrived after the meeting and was added.",
    "A date in a decision was typed wrongly.",
];

pub const EXTERNAL_SERVICES: &[&str] =
    &["Community mental health team", "Adult social care", "Housing officer", "Hospital discharge team", "Carers' centre"];

/// What an OT says when referring to the SPLW: the person's life beyond their function.
pub const OT_TO_SPLW: &[&str] = &[
    "Since the fall she has stopped going out and says the days are long. She used to sing in a choir and would like company again.",
    "His kitchen is safe now, but he has no one to talk to from one week to the next. He mentioned the allotments by the park.",
    "She is managing the stairs with the new rail; money worries keep coming up and she has not claimed attendance allowance.",
    "He wants to get back to the bowls club but lost his confidence after the hospital stay. A link worker could go with him the first time.",
];
/// What an SPLW says when referring to the OT: function and safety at home.
pub const SPLW_TO_OT: &[&str] = &[
    "She has stopped using the bath because she cannot get out of it and is washing at the sink. She would like to bathe again.",
    "He is sleeping in his chair downstairs because the stairs frighten him. He wants to sleep in his own bed.",
    "Her daughter says she has had two near-falls in the kitchen this month. She wants to keep cooking for herself.",
    "He wants to start the walking group but struggles with the step at his front door and the kerb outside.",
];
/// Outside (non-NHS) services, each with a reason as the referrer put it.
pub const OUTSIDE_REFERRALS: &[(&str, &str)] = &[
    ("Northgate Age UK befriending", "Lives alone since her husband died and would like a regular visitor to talk to."),
    ("Citizens Advice Northgate", "Behind with the rent and unsure which benefits he can claim; wants help with the forms."),
    ("Northgate Men's Shed", "Used to be a joiner and misses working with his hands and the company of other men."),
    ("Northgate Carers' Centre", "Cares for her husband with dementia and has had no break in a year; would like support for herself."),
    ("Northgate Community Choir", "Loved singing at church and wants to meet people again; the choir meets near her bus stop."),
    ("Home from Hospital (British Red Cross)", "Going home after three weeks on the ward to an empty house; wants help with shopping for the first weeks."),
];
/// Why a referral was declined, as the receiver put it.
pub const DECLINE_REASONS: &[&str] = &[
    "Outside our area: the person lives on the far side of the ring road. Please try the south locality team.",
    "Already open to us through the hospital discharge team; we will pick it up there.",
    "Our waiting list is closed until the spring; please refer again then.",
];

/// Routes and who was told, for escalations that went ahead; reasons for those that did not.
pub fn escalation_route(trigger: EscalationTrigger) -> (&'static str, &'static str) {
    match trigger {
        EscalationTrigger::Safeguarding => ("Safeguarding lead, then adult social care", "Adult social care front door"),
        EscalationTrigger::Deterioration => ("Same-day GP review", "Duty GP"),
        EscalationTrigger::EnvironmentalRisk => ("Fire service home safety visit", "Fire and rescue service"),
        EscalationTrigger::Complexity => ("High-intensity-user lead", "HIU lead"),
        EscalationTrigger::RiskToLife => ("Mental health crisis team", "Crisis team"),
    }
}

pub const NOT_ESCALATED: &[&str] = &[
    "No immediate risk; they have capacity and a plan is in place.",
    "The risk is known and managed by the current plan.",
    "Checked with the safeguarding lead: below the threshold; review next time.",
];

pub const HANDOVERS: &[(&str, &str, &str)] = &[
    ("ot", "splw", "OT hands over once the equipment is in and transfers are safe; the link worker keeps up the weekly contact."),
    ("mental_health", "splw", "Mood is steadier; the link worker takes over with a route back to the clinic if things slip."),
    ("nurse", "splw", "Wound healed; the link worker carries on with the group and the nurse stays a phone call away."),
];

pub const STEP_UPS: &[(&str, &str, &str)] = &[
    ("splw", "ot", "Daily living is getting harder; the OT to assess and the link worker to stay in touch meanwhile."),
    ("splw", "mental_health", "Low mood is worse; a mental health assessment before the link worker carries on."),
];

/// One person's details that stay the same at every meeting they are discussed at.
#[derive(Clone, Copy)]
pub struct Person {
    pub theme: &'static Theme,
    pub family: &'static str,
    pub concern: &'static str,
    pub goal: &'static str,
    pub reason: &'static str,
}

impl Person {
    pub fn new(rng: &mut Rng) -> Person {
        let theme = rng.pick(THEMES);
        Person {
            theme,
            family: rng.word(FAMILY),
            concern: rng.word(theme.concerns),
            goal: rng.word(theme.goals),
            reason: rng.word(theme.reasons),
        }
    }

    fn fill(&self, template: &str, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("placeholders are closed");
            match &rest[open + 1..close] {
                "concern" => out.push_str(self.concern),
                "goal" => out.push_str(self.goal),
                "family" => out.push_str(self.family),
                "service" => out.push_str(rng.word(SERVICES)),
                "role" => out.push_str(rng.word(ROLES)),
                "weekday" => out.push_str(rng.word(WEEKDAYS)),
                "n" => out.push_str(&rng.range(2, 8).to_string()),
                other => unreachable!("unknown placeholder {other}"),
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        // A template may start with a placeholder that begins in lower case ("their daughter ...").
        capitalised(&out)
    }

    /// `count` different sentences from `bank`, as one paragraph.
    fn paragraph(&self, bank: &[&str], count: usize, rng: &mut Rng) -> String {
        let picked: Vec<String> = rng.pick_distinct(bank, count).into_iter().map(|t| self.fill(t, rng)).collect();
        picked.join(" ")
    }

    pub fn situation(&self, rng: &mut Rng) -> String {
        let n = rng.range(4, 8) as usize;
        self.paragraph(SITUATION, n, rng)
    }

    pub fn done_so_far(&self, rng: &mut Rng) -> String {
        let n = rng.range(3, 6) as usize;
        self.paragraph(DONE_SO_FAR, n, rng)
    }

    /// The longest note: two or three paragraphs, no sentence said twice.
    pub fn discussion(&self, rng: &mut Rng) -> String {
        let sizes: Vec<usize> = (0..rng.range(2, 3)).map(|_| rng.range(4, 7) as usize).collect();
        let mut sentences = rng.pick_distinct(DISCUSSION, sizes.iter().sum()).into_iter();
        sizes
            .iter()
            .map(|n| sentences.by_ref().take(*n).map(|t| self.fill(t, rng)).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn communication_plan(&self, rng: &mut Rng) -> String {
        let n = rng.range(2, 4) as usize;
        self.paragraph(COMMUNICATION, n, rng)
    }

    pub fn decision(&self, rng: &mut Rng) -> String {
        let n = rng.range(1, 2) as usize;
        self.paragraph(DECISION, n, rng)
    }

    pub fn action(&self, rng: &mut Rng) -> String {
        self.fill(rng.word(ACTIONS), rng)
    }
}

/// The team's directory of local services: invented groups and services (name, what it offers,
/// who it is for, how to refer, contact, area). Telephone numbers are from Ofcom's range kept for
/// drama (01632 960xxx) and addresses are example.org, so none reaches anyone real.
pub const DIRECTORY: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("Northgate Men's Shed", "Woodwork, repairs and tea in company, Tuesday and Thursday mornings.", "Anyone over 18; most members are older men living alone.", "Email the shed secretary with the person's first name and a number to ring; or just turn up.", "01632 960101 · shed@northgate-shed.example.org", "Northgate"),
    ("Northgate Carers' Centre", "Advice, carers' assessments, a monthly break and a carers' café.", "Unpaid carers of any age caring for someone in Northgate.", "Self-referral by phone, or the link worker fills in the online form with the carer's consent.", "01632 960102 · hello@northgate-carers.example.org", "Northgate and the villages"),
    ("Northgate Community Choir", "Singing for fun, no auditions; Wednesday evenings at the church hall.", "Adults who like to sing, whatever their voice.", "Turn up; the choir leader welcomes newcomers at the door.", "choir@northgate-choir.example.org", "Northgate"),
    ("Riverside Walking Group", "Gentle hour-long walks on flat paths, with a cup of tea after.", "Adults getting moving again; walking aids welcome.", "Self-referral: turn up at the library steps at 10:00 on Mondays.", "01632 960104", "Riverside and Old Town"),
    ("Old Town Lunch Club", "A hot two-course lunch and company, Fridays; transport can be arranged.", "Older people who eat alone most days.", "Ring the organiser; a week's notice for transport.", "01632 960105", "Old Town"),
    ("Hillside Befriending Scheme", "A volunteer who visits or phones once a week.", "Adults who are lonely or isolated at home.", "Referral form from the scheme's website, with the person's agreement.", "01632 960106 · befriend@hillside.example.org", "Hillside and Northgate"),
    ("Northgate Money Advice Drop-in", "Help with benefits, debts and forms; no appointment needed.", "Anyone living or working in Northgate.", "Drop in on Tuesdays 10:00–13:00, or book a phone call.", "01632 960107 · advice@ngmoney.example.org", "Northgate"),
    ("Riverside Digital Skills Café", "Help with phones, tablets, video calls and online forms.", "Anyone who wants to get online or do more online.", "Turn up on Thursday afternoons at the community centre.", "digital@riverside-cafe.example.org", "Riverside"),
    ("Northgate Allotment Friends", "Shared plots, tools and seed swaps; a wheelchair-accessible raised bed.", "Adults who would like to grow food in company.", "Email the plot secretary; a taster morning comes first.", "plots@ngallotments.example.org", "Northgate"),
    ("Warm Welcome at Northgate Library", "A warm room, hot drinks and newspapers in winter, weekdays.", "Anyone who needs a warm place to spend the day.", "No referral: open to all.", "01632 960110", "Northgate"),
    ("Hillside Memory Café", "A monthly afternoon of music, tea and advice for people with memory problems and those who care for them.", "People living with dementia or memory loss, and their carers.", "Turn up, or the link worker rings ahead to say who is coming.", "01632 960111", "Hillside"),
    ("Riverside Strength and Balance Class", "A twelve-week exercise class to prevent falls, seated and standing.", "Older adults who have fallen or fear falling.", "Referral by a clinician on the class's form; the OT or physio can refer.", "01632 960112 · balance@riverside-leisure.example.org", "Riverside"),
    ("Northgate Housing Options Team", "Advice on homelessness, housing registers and adaptations.", "Residents of the borough with a housing problem.", "Ring the duty officer; urgent cases the same day.", "01632 960113", "The whole borough"),
    ("Old Town Pain Café", "A peer group for living well with long-term pain, fortnightly.", "Adults living with persistent pain.", "Self-referral by email; the group leader rings back.", "paincafe@oldtown.example.org", "Old Town"),
    ("Northgate Young Carers Project", "Activities, breaks and school support for young carers.", "Carers aged 8 to 18.", "Referral form by a parent, school or professional.", "01632 960115 · young@northgate-carers.example.org", "Northgate"),
    ("Riverside Bereavement Group", "A monthly group for anyone who has lost someone close.", "Adults bereaved in the last two years.", "Ring the coordinator for a short chat first.", "01632 960116", "Riverside and Hillside"),
    ("Hillside Community Transport", "Door-to-door minibus for shopping and appointments.", "People who cannot use buses because of disability or frailty.", "Register by phone; book two days ahead.", "01632 960117", "Hillside and the villages"),
    ("Northgate Talking Café", "A friendly space to talk about how you are feeling, with trained volunteers.", "Adults feeling low, stressed or alone.", "Drop in on Saturday mornings.", "talk@ngtalkingcafe.example.org", "Northgate"),
];
