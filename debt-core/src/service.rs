//! The services a council is owed money through, their priority in debt
//! advice, and their recovery ladders.
//!
//! [`Service`] is a closed set with an escape hatch ([`Service::Other`]) so a
//! council can bring a system this crate does not know yet without a release.
//! Each service has an ordered recovery ladder of [`Stage`]s; some stages count
//! as enforcement (the point from which a breathing space must hold action and
//! where concurrent recovery matters).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::Error;

/// The kind of a sundry (accounts receivable) debt.
///
/// ```
/// use debt_core::SundryKind;
/// assert_eq!("adult_social_care".parse::<SundryKind>()?, SundryKind::AdultSocialCare);
/// assert_eq!("bulky_waste".parse::<SundryKind>()?, SundryKind::Other("bulky_waste".into()));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SundryKind {
    /// Charges for care and support arranged by the council.
    AdultSocialCare,
    /// Commercial waste collection.
    TradeWaste,
    /// Garden waste subscriptions.
    GardenWaste,
    /// Any other invoice type, by the council's own code.
    Other(String),
}

impl SundryKind {
    /// The code used in configs and outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::SundryKind::TradeWaste.code(), "trade_waste");
    /// ```
    pub fn code(&self) -> &str {
        match self {
            SundryKind::AdultSocialCare => "adult_social_care",
            SundryKind::TradeWaste => "trade_waste",
            SundryKind::GardenWaste => "garden_waste",
            SundryKind::Other(code) => code,
        }
    }
}

impl FromStr for SundryKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let code = s.trim().to_ascii_lowercase();
        Ok(match code.as_str() {
            "adult_social_care" => SundryKind::AdultSocialCare,
            "trade_waste" => SundryKind::TradeWaste,
            "garden_waste" => SundryKind::GardenWaste,
            "" => {
                return Err(Error::Unknown {
                    what: "sundry kind",
                    value: s.to_string(),
                    expected: vec![],
                });
            }
            _ => SundryKind::Other(code),
        })
    }
}

/// A service through which a household owes the council money.
///
/// ```
/// use debt_core::{Service, Stage, PriorityClass};
/// let ctax: Service = "council_tax".parse()?;
/// assert_eq!(ctax.priority(None), PriorityClass::Priority);
/// assert!(ctax.is_enforcement(Stage::Summons));
/// assert!(!ctax.is_enforcement(Stage::FinalNotice));
/// # Ok::<(), debt_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Service {
    /// Council tax (revenues system).
    CouncilTax,
    /// Non-domestic (business) rates (revenues system).
    BusinessRates,
    /// Rent of a current council tenancy (housing system).
    HousingRent,
    /// Arrears left on a tenancy that has ended (housing system).
    FormerTenantArrears,
    /// Housing benefit paid that was not due (benefits system).
    HousingBenefitOverpayment,
    /// An accounts receivable invoice (finance system).
    Sundry(SundryKind),
    /// A penalty charge notice (parking system).
    ParkingPenalty,
    /// A service this crate does not model, by the council's own code.
    Other(String),
}

/// How a debt ranks in debt advice.
///
/// ```
/// use debt_core::{PriorityClass, Service, Stage};
/// assert_eq!(Service::ParkingPenalty.priority(Some(Stage::Warrant)), PriorityClass::Priority);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityClass {
    /// Non-payment can cost a home, liberty or an essential supply.
    Priority,
    /// Everything else; paid pro rata from what is left.
    NonPriority,
}

impl PriorityClass {
    /// The code used in outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::PriorityClass::NonPriority.code(), "non_priority");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            PriorityClass::Priority => "priority",
            PriorityClass::NonPriority => "non_priority",
        }
    }
}

/// A step on a service's recovery ladder.
///
/// One enum covers every ladder; [`Service::ladder`] says which stages apply
/// to a service and in what order.
///
/// ```
/// use debt_core::{Service, Stage};
/// assert_eq!(Service::HousingRent.ladder(), &[Stage::Letter, Stage::Nosp, Stage::Court, Stage::Warrant]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    /// Council tax / rates: first reminder (7 days to pay).
    Reminder1,
    /// Council tax / rates: second reminder.
    Reminder2,
    /// Council tax / rates: final notice (instalments lost).
    FinalNotice,
    /// Council tax / rates: summons to the magistrates' court, with costs.
    Summons,
    /// Council tax / rates: liability order granted.
    LiabilityOrder,
    /// Council tax / rates: passed to enforcement agents.
    EnforcementAgent,
    /// Rent: arrears letter (pre-action protocol contact).
    Letter,
    /// Rent: notice of seeking possession served.
    Nosp,
    /// Rent: possession claim in court.
    Court,
    /// Rent: warrant for possession; parking: warrant of control.
    Warrant,
    /// Parking: notice to owner / penalty charge notice issued.
    Notice,
    /// Parking: charge certificate (+50%).
    ChargeCertificate,
    /// Parking: order for recovery (registered debt, court fee).
    OrderForRecovery,
    /// Sundry and other invoices: reminder.
    Reminder,
    /// Sundry and other invoices: final demand.
    Final,
    /// Sundry and other invoices: legal action.
    Legal,
}

const CT_LADDER: &[Stage] = &[
    Stage::Reminder1,
    Stage::Reminder2,
    Stage::FinalNotice,
    Stage::Summons,
    Stage::LiabilityOrder,
    Stage::EnforcementAgent,
];
const RENT_LADDER: &[Stage] = &[Stage::Letter, Stage::Nosp, Stage::Court, Stage::Warrant];
const PCN_LADDER: &[Stage] = &[
    Stage::Notice,
    Stage::ChargeCertificate,
    Stage::OrderForRecovery,
    Stage::Warrant,
];
const INVOICE_LADDER: &[Stage] = &[Stage::Reminder, Stage::Final, Stage::Legal];

const ALL_STAGES: &[Stage] = &[
    Stage::Reminder1,
    Stage::Reminder2,
    Stage::FinalNotice,
    Stage::Summons,
    Stage::LiabilityOrder,
    Stage::EnforcementAgent,
    Stage::Letter,
    Stage::Nosp,
    Stage::Court,
    Stage::Warrant,
    Stage::Notice,
    Stage::ChargeCertificate,
    Stage::OrderForRecovery,
    Stage::Reminder,
    Stage::Final,
    Stage::Legal,
];

/// How far recovery has gone, on one scale for every service, so that a
/// household's accounts in different services can be compared.
///
/// ```
/// use debt_core::{RecoveryStep, Stage};
/// assert!(Stage::LiabilityOrder.step() > Stage::Nosp.step());
/// assert_eq!(Stage::Warrant.step(), RecoveryStep::EnforcementAgent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryStep {
    /// A reminder, an arrears letter, a penalty notice.
    Reminder,
    /// A final notice or final demand; a parking charge certificate.
    Final,
    /// Court or legal action begun: summons, notice of seeking possession,
    /// possession claim, legal action, order for recovery.
    Legal,
    /// A court order: a council tax liability order.
    Order,
    /// Enforcement agents or a warrant.
    EnforcementAgent,
}

impl RecoveryStep {
    /// The code used in outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::RecoveryStep::EnforcementAgent.code(), "enforcement_agent");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            RecoveryStep::Reminder => "reminder",
            RecoveryStep::Final => "final",
            RecoveryStep::Legal => "legal",
            RecoveryStep::Order => "order",
            RecoveryStep::EnforcementAgent => "enforcement_agent",
        }
    }
}

impl Stage {
    /// Where this stage is on the one scale for every service.
    ///
    /// ```
    /// use debt_core::{RecoveryStep, Stage};
    /// assert_eq!(Stage::Summons.step(), RecoveryStep::Legal);
    /// ```
    pub fn step(self) -> RecoveryStep {
        match self {
            Stage::Reminder1
            | Stage::Reminder2
            | Stage::Letter
            | Stage::Notice
            | Stage::Reminder => RecoveryStep::Reminder,
            Stage::FinalNotice | Stage::Final | Stage::ChargeCertificate => RecoveryStep::Final,
            Stage::Summons
            | Stage::Nosp
            | Stage::Court
            | Stage::Legal
            | Stage::OrderForRecovery => RecoveryStep::Legal,
            Stage::LiabilityOrder => RecoveryStep::Order,
            Stage::EnforcementAgent | Stage::Warrant => RecoveryStep::EnforcementAgent,
        }
    }

    /// The code used in configs and outputs.
    ///
    /// ```
    /// assert_eq!(debt_core::Stage::LiabilityOrder.code(), "liability_order");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Stage::Reminder1 => "reminder_1",
            Stage::Reminder2 => "reminder_2",
            Stage::FinalNotice => "final_notice",
            Stage::Summons => "summons",
            Stage::LiabilityOrder => "liability_order",
            Stage::EnforcementAgent => "enforcement_agent",
            Stage::Letter => "letter",
            Stage::Nosp => "nosp",
            Stage::Court => "court",
            Stage::Warrant => "warrant",
            Stage::Notice => "notice",
            Stage::ChargeCertificate => "charge_certificate",
            Stage::OrderForRecovery => "order_for_recovery",
            Stage::Reminder => "reminder",
            Stage::Final => "final",
            Stage::Legal => "legal",
        }
    }

    /// Every stage of every ladder.
    ///
    /// ```
    /// assert_eq!(debt_core::Stage::all().len(), 16);
    /// ```
    pub fn all() -> &'static [Stage] {
        ALL_STAGES
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Stage {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let code = s.trim().to_ascii_lowercase();
        ALL_STAGES
            .iter()
            .copied()
            .find(|stage| stage.code() == code)
            .ok_or_else(|| Error::Unknown {
                what: "recovery stage",
                value: s.to_string(),
                expected: ALL_STAGES.iter().map(|s| s.code().to_string()).collect(),
            })
    }
}

/// How the overdue part of an account's balance is worked out.
///
/// ```
/// use debt_core::{ArrearsBasis, Service};
/// assert_eq!(Service::CouncilTax.arrears_basis(), ArrearsBasis::Instalments);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArrearsBasis {
    /// The year's charge is payable by instalments; only instalments already
    /// due and unpaid are arrears (council tax, business rates).
    Instalments,
    /// Every debit is due when posted (rent is due in advance; former tenant
    /// arrears are due in full).
    OnPosting,
    /// Each charge is due on its own due date, or when posted if it has none
    /// (invoices, overpayments, penalty charges).
    DueDate,
}

impl Service {
    /// The code used in configs and outputs (the sub-kind of a sundry debt is
    /// reported separately).
    ///
    /// ```
    /// use debt_core::{Service, SundryKind};
    /// assert_eq!(Service::Sundry(SundryKind::TradeWaste).code(), "sundry");
    /// ```
    pub fn code(&self) -> &str {
        match self {
            Service::CouncilTax => "council_tax",
            Service::BusinessRates => "business_rates",
            Service::HousingRent => "housing_rent",
            Service::FormerTenantArrears => "former_tenant_arrears",
            Service::HousingBenefitOverpayment => "housing_benefit_overpayment",
            Service::Sundry(_) => "sundry",
            Service::ParkingPenalty => "parking_penalty",
            Service::Other(code) => code,
        }
    }

    /// The service's recovery ladder, first step first.
    ///
    /// ```
    /// use debt_core::{Service, Stage};
    /// assert_eq!(Service::ParkingPenalty.ladder()[1], Stage::ChargeCertificate);
    /// ```
    pub fn ladder(&self) -> &'static [Stage] {
        match self {
            Service::CouncilTax | Service::BusinessRates => CT_LADDER,
            Service::HousingRent => RENT_LADDER,
            Service::ParkingPenalty => PCN_LADDER,
            Service::FormerTenantArrears
            | Service::HousingBenefitOverpayment
            | Service::Sundry(_)
            | Service::Other(_) => INVOICE_LADDER,
        }
    }

    /// The first stage of the ladder that counts as enforcement: summons for
    /// council tax and rates, notice of seeking possession for rent, charge
    /// certificate for parking, legal action for invoices.
    ///
    /// ```
    /// use debt_core::{Service, Stage};
    /// assert_eq!(Service::HousingRent.enforcement_from(), Stage::Nosp);
    /// ```
    pub fn enforcement_from(&self) -> Stage {
        match self {
            Service::CouncilTax | Service::BusinessRates => Stage::Summons,
            Service::HousingRent => Stage::Nosp,
            Service::ParkingPenalty => Stage::ChargeCertificate,
            _ => Stage::Legal,
        }
    }

    /// Position of `stage` on this service's ladder (0 = first step), or an
    /// error naming the stages this service has.
    ///
    /// ```
    /// use debt_core::{Service, Stage};
    /// assert_eq!(Service::CouncilTax.stage_rank(Stage::Summons)?, 3);
    /// assert!(Service::CouncilTax.stage_rank(Stage::Nosp).is_err());
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn stage_rank(&self, stage: Stage) -> Result<usize, Error> {
        self.ladder()
            .iter()
            .position(|s| *s == stage)
            .ok_or_else(|| Error::Unknown {
                what: "recovery stage for this service",
                value: stage.code().to_string(),
                expected: self.ladder().iter().map(|s| s.code().to_string()).collect(),
            })
    }

    /// Whether `stage` is at or past the service's enforcement threshold.
    /// A stage not on this service's ladder is not enforcement.
    ///
    /// ```
    /// use debt_core::{Service, Stage};
    /// assert!(Service::ParkingPenalty.is_enforcement(Stage::OrderForRecovery));
    /// assert!(!Service::ParkingPenalty.is_enforcement(Stage::Notice));
    /// ```
    pub fn is_enforcement(&self, stage: Stage) -> bool {
        match (
            self.stage_rank(stage),
            self.stage_rank(self.enforcement_from()),
        ) {
            (Ok(rank), Ok(threshold)) => rank >= threshold,
            _ => false,
        }
    }

    /// Priority in debt advice at a given stage. Council tax, business rates
    /// and current rent are priority (non-payment risks liberty or the home);
    /// former tenant arrears, benefit overpayments, sundry debts and parking
    /// penalties are not, except a parking penalty at warrant stage, which
    /// brings enforcement agents and is treated as priority.
    ///
    /// ```
    /// use debt_core::{PriorityClass, Service};
    /// assert_eq!(Service::FormerTenantArrears.priority(None), PriorityClass::NonPriority);
    /// ```
    pub fn priority(&self, stage: Option<Stage>) -> PriorityClass {
        match self {
            Service::CouncilTax | Service::BusinessRates | Service::HousingRent => {
                PriorityClass::Priority
            }
            Service::ParkingPenalty if stage == Some(Stage::Warrant) => PriorityClass::Priority,
            _ => PriorityClass::NonPriority,
        }
    }

    /// How this service's arrears are worked out.
    ///
    /// ```
    /// use debt_core::{ArrearsBasis, Service};
    /// assert_eq!(Service::HousingRent.arrears_basis(), ArrearsBasis::OnPosting);
    /// ```
    pub fn arrears_basis(&self) -> ArrearsBasis {
        match self {
            Service::CouncilTax | Service::BusinessRates => ArrearsBasis::Instalments,
            Service::HousingRent | Service::FormerTenantArrears => ArrearsBasis::OnPosting,
            _ => ArrearsBasis::DueDate,
        }
    }

    /// The sundry sub-kind, if this is a sundry debt.
    ///
    /// ```
    /// use debt_core::{Service, SundryKind};
    /// assert_eq!(Service::Sundry(SundryKind::GardenWaste).sundry_kind(), Some(&SundryKind::GardenWaste));
    /// ```
    pub fn sundry_kind(&self) -> Option<&SundryKind> {
        match self {
            Service::Sundry(kind) => Some(kind),
            _ => None,
        }
    }

    /// Parses a service code, with the sundry sub-kind given separately.
    ///
    /// ```
    /// use debt_core::{Service, SundryKind};
    /// let s = Service::from_code("sundry", Some("trade_waste"))?;
    /// assert_eq!(s, Service::Sundry(SundryKind::TradeWaste));
    /// # Ok::<(), debt_core::Error>(())
    /// ```
    pub fn from_code(code: &str, sundry_kind: Option<&str>) -> Result<Service, Error> {
        let lower = code.trim().to_ascii_lowercase();
        Ok(match lower.as_str() {
            "council_tax" => Service::CouncilTax,
            "business_rates" => Service::BusinessRates,
            "housing_rent" => Service::HousingRent,
            "former_tenant_arrears" => Service::FormerTenantArrears,
            "housing_benefit_overpayment" => Service::HousingBenefitOverpayment,
            "sundry" => Service::Sundry(match sundry_kind {
                Some(kind) => kind.parse()?,
                None => SundryKind::Other("unspecified".into()),
            }),
            "parking_penalty" => Service::ParkingPenalty,
            "" => {
                return Err(Error::Unknown {
                    what: "service",
                    value: code.to_string(),
                    expected: Self::known_codes(),
                })
            }
            other => match other.strip_prefix("other:") {
                Some(name) if !name.is_empty() => Service::Other(name.to_string()),
                _ => {
                    return Err(Error::Unknown {
                        what: "service",
                        value: code.to_string(),
                        expected: Self::known_codes(),
                    })
                }
            },
        })
    }

    fn known_codes() -> Vec<String> {
        [
            "council_tax",
            "business_rates",
            "housing_rent",
            "former_tenant_arrears",
            "housing_benefit_overpayment",
            "sundry",
            "parking_penalty",
            "other:<name>",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Service {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Service::from_code(s, None)
    }
}

impl Serialize for Service {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Service::Other(name) => serializer.collect_str(&format_args!("other:{name}")),
            _ => serializer.serialize_str(self.code()),
        }
    }
}

impl<'de> Deserialize<'de> for Service {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Serialize for Stage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ladder_stage_round_trips_through_its_code() {
        for stage in Stage::all() {
            assert_eq!(stage.code().parse::<Stage>().unwrap(), *stage);
        }
    }

    #[test]
    fn council_tax_enforcement_starts_at_summons() {
        let flags: Vec<bool> = CT_LADDER
            .iter()
            .map(|s| Service::CouncilTax.is_enforcement(*s))
            .collect();
        assert_eq!(flags, [false, false, false, true, true, true]);
    }

    #[test]
    fn rent_enforcement_starts_at_nosp() {
        let flags: Vec<bool> = RENT_LADDER
            .iter()
            .map(|s| Service::HousingRent.is_enforcement(*s))
            .collect();
        assert_eq!(flags, [false, true, true, true]);
    }

    #[test]
    fn parking_enforcement_starts_at_charge_certificate_and_warrant_is_priority() {
        let flags: Vec<bool> = PCN_LADDER
            .iter()
            .map(|s| Service::ParkingPenalty.is_enforcement(*s))
            .collect();
        assert_eq!(flags, [false, true, true, true]);
        assert_eq!(
            Service::ParkingPenalty.priority(Some(Stage::OrderForRecovery)),
            PriorityClass::NonPriority
        );
        assert_eq!(
            Service::ParkingPenalty.priority(Some(Stage::Warrant)),
            PriorityClass::Priority
        );
    }

    #[test]
    fn sundry_enforcement_is_legal_stage_only() {
        let s = Service::Sundry(SundryKind::AdultSocialCare);
        assert!(!s.is_enforcement(Stage::Final));
        assert!(s.is_enforcement(Stage::Legal));
        assert!(
            !s.is_enforcement(Stage::Summons),
            "a stage from another ladder is not enforcement here"
        );
    }

    #[test]
    fn priority_classes_follow_debt_advice() {
        use PriorityClass::*;
        let cases = [
            (Service::CouncilTax, Priority),
            (Service::BusinessRates, Priority),
            (Service::HousingRent, Priority),
            (Service::FormerTenantArrears, NonPriority),
            (Service::HousingBenefitOverpayment, NonPriority),
            (Service::Sundry(SundryKind::TradeWaste), NonPriority),
            (Service::ParkingPenalty, NonPriority),
            (Service::Other("library_fines".into()), NonPriority),
        ];
        for (service, class) in cases {
            assert_eq!(service.priority(None), class, "{service}");
        }
    }

    #[test]
    fn service_codes_round_trip_and_unknowns_name_the_choices() {
        for code in [
            "council_tax",
            "business_rates",
            "housing_rent",
            "former_tenant_arrears",
            "housing_benefit_overpayment",
            "parking_penalty",
        ] {
            assert_eq!(code.parse::<Service>().unwrap().code(), code);
        }
        assert_eq!(
            "other:library".parse::<Service>().unwrap(),
            Service::Other("library".into())
        );
        let err = "counciltax".parse::<Service>().unwrap_err().to_string();
        assert!(err.contains("council_tax"), "{err}");
    }
}
