//! What record linkage compares: the fields of two records and the level
//! each field lands on (exact, close, disagree, missing...), by name.
//!
//! Each field has its own level enum ([`SurnameLevel`], [`NinoLevel`],
//! [`LocationLevel`]...); a compared pair holds one [`Level`] per field
//! ([`Levels`], indexed by [`Field`]), which compares equal to the field's
//! named level:
//!
//! ```
//! use debt_core::identity::levels::{Field, Levels, NinoLevel, OccupancyLevel};
//! let mut levels = Levels::default();
//! levels[Field::Nino] = NinoLevel::OneCharacter.into();
//! assert_eq!(levels[Field::Nino], NinoLevel::OneCharacter);
//! assert_eq!(Field::Nino.level_name(levels[Field::Nino]), "one_character");
//! assert_eq!(levels[Field::Occupancy], OccupancyLevel::Missing);
//! ```

use std::ops::{Index, IndexMut};

/// The compared fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Surname.
    Surname,
    /// First forename.
    Forename,
    /// Initial of the second forename.
    Middle,
    /// Date of birth.
    Dob,
    /// National Insurance number.
    Nino,
    /// Property or postcode.
    Location,
    /// For two records of one name at two different properties: whether
    /// someone else (another forename) was also recorded at both, as when
    /// a household moves together.
    MovedWith,
    /// For two records at two different properties that both carry a
    /// liability or tenancy period: whether one period begins the day the
    /// other ends or the next (how a revenues system records a move), begins
    /// within a few weeks of its end (a move with an empty spell or a late
    /// closure), the two overlap (one person is rarely liable for two homes
    /// at once), or neither. Weak evidence whatever the data says: its
    /// weight is capped ([`TIMING_MAX_BITS`](super::linkage::TIMING_MAX_BITS)).
    Occupancy,
    /// A closed account's forwarding address against the other record's
    /// address (or forwarding address), when the two records are not at
    /// one place: the same place, the same postcode, or elsewhere (evidence
    /// against: the person said they were going somewhere else).
    Forwarding,
    /// Identifiers of the same kind (a vehicle registration on two penalty
    /// notices, a claim reference on two overpayments, a customer number
    /// on two invoices): the same, or different.
    Identifier,
}

/// Number of compared fields.
pub const N_FIELDS: usize = 10;

/// The fields in comparison-vector order.
pub const FIELDS: [Field; N_FIELDS] = [
    Field::Surname,
    Field::Forename,
    Field::Middle,
    Field::Dob,
    Field::Nino,
    Field::Location,
    Field::MovedWith,
    Field::Occupancy,
    Field::Forwarding,
    Field::Identifier,
];

impl Field {
    /// The field's name in outputs.
    pub fn code(self) -> &'static str {
        match self {
            Field::Surname => "surname",
            Field::Forename => "forename",
            Field::Middle => "middle_initial",
            Field::Dob => "dob",
            Field::Nino => "nino",
            Field::Location => "location",
            Field::MovedWith => "moved_with",
            Field::Occupancy => "occupancy",
            Field::Forwarding => "forwarding",
            Field::Identifier => "identifier",
        }
    }

    /// The names of the field's comparison levels, in level order; level 0
    /// is always "missing" (weight 0).
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::Surname => SurnameLevel::NAMES,
            Field::Forename => ForenameLevel::NAMES,
            Field::Middle => MiddleLevel::NAMES,
            Field::Dob => DobLevel::NAMES,
            Field::Nino => NinoLevel::NAMES,
            Field::Location => LocationLevel::NAMES,
            Field::MovedWith => MovedWithLevel::NAMES,
            Field::Occupancy => OccupancyLevel::NAMES,
            Field::Forwarding => ForwardingLevel::NAMES,
            Field::Identifier => IdentifierLevel::NAMES,
        }
    }

    /// The name of one of the field's levels in outputs.
    pub fn level_name(self, level: Level) -> &'static str {
        self.levels()
            .get(level.index())
            .copied()
            .unwrap_or("missing")
    }

    /// The field's position in [`FIELDS`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One field's comparison level: the index of one of the field's
/// [`Field::levels`], of its `m` and of its `u`. Made from the field's own
/// level enum, and equal to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Level(u8);

impl Level {
    /// Either record lacks the field: weight 0, whatever the field.
    pub const MISSING: Level = Level(0);

    /// The level's position in its field's levels.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// A compared pair's level per field, indexed by [`Field`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Levels([Level; N_FIELDS]);

impl Levels {
    /// Every field with its level, in [`FIELDS`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, Level)> + '_ {
        FIELDS.into_iter().zip(self.0.iter().copied())
    }
}

impl Index<Field> for Levels {
    type Output = Level;

    fn index(&self, field: Field) -> &Level {
        &self.0[field.index()]
    }
}

impl IndexMut<Field> for Levels {
    fn index_mut(&mut self, field: Field) -> &mut Level {
        &mut self.0[field.index()]
    }
}

/// Defines one field's level enum: `Missing` first (0), then the levels in
/// order, with their names in outputs; each converts into a [`Level`] and
/// compares equal to it.
macro_rules! field_levels {
    ($(
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$level_doc:meta])* $level:ident = $code:literal, )+
        }
    )+) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name {
            /// Either record lacks the field: weight 0.
            Missing,
            $( $(#[$level_doc])* $level, )+
        }

        impl $name {
            /// The levels' names in outputs, in level order.
            pub const NAMES: &'static [&'static str] = &["missing", $($code),+];
        }

        impl From<$name> for Level {
            fn from(level: $name) -> Level {
                Level(level as u8)
            }
        }

        impl PartialEq<$name> for Level {
            fn eq(&self, level: &$name) -> bool {
                *self == Level::from(*level)
            }
        }
    )+};
}

field_levels! {
    /// How two surnames compare.
    SurnameLevel {
        /// The same surname (or the same name written in each other's
        /// columns).
        Exact = "exact",
        /// One edit apart, or close by Jaro-Winkler.
        Close = "close",
        /// Different surnames.
        Disagree = "disagree",
    }

    /// How two first forenames compare.
    ForenameLevel {
        /// The same forename, written in full.
        Exact = "exact",
        /// Forms of one name (Bill, William).
        Nickname = "nickname",
        /// An initial that fits the other (two initials agree only as
        /// much).
        Initial = "initial",
        /// A typo of the other or of one of its forms.
        Close = "close",
        /// Different forenames.
        Disagree = "disagree",
    }

    /// How two middle names compare.
    MiddleLevel {
        /// The same initial, and where both are in full, one name.
        Exact = "exact",
        /// Different initials, or two different names in full.
        Disagree = "disagree",
    }

    /// How two dates of birth compare.
    DobLevel {
        /// The same date.
        Exact = "exact",
        /// Day and month swapped, the year the same.
        DayMonthSwapped = "day_month_swapped",
        /// Two of day, month and year the same.
        OnePartDiffers = "one_part_differs",
        /// Different dates.
        Disagree = "disagree",
    }

    /// How two National Insurance numbers compare.
    NinoLevel {
        /// The same number.
        Exact = "exact",
        /// One character apart (a typo).
        OneCharacter = "one_character",
        /// Different numbers.
        Disagree = "disagree",
    }

    /// How two records' addresses compare (the closest pair of them).
    LocationLevel {
        /// The same property: both known to the gazetteer, one UPRN.
        SameProperty = "same_property",
        /// The same house and street as written (where either is not known
        /// to the gazetteer), with no postcode or town against.
        SameAddress = "same_address",
        /// The same postcode.
        SamePostcode = "same_postcode",
        /// The same postcode sector.
        SameSector = "same_sector",
        /// Elsewhere.
        Disagree = "disagree",
    }

    /// Whether someone else moved between the same two properties.
    MovedWithLevel {
        /// Someone of another forename was recorded at both.
        Household = "household",
        /// Nobody else was.
        Alone = "alone",
    }

    /// How two liability or tenancy periods at two properties fit.
    OccupancyLevel {
        /// One begins the day the other ends, or the next.
        NextDay = "next_day",
        /// One begins within weeks of the other's end.
        Continuous = "continuous",
        /// They run side by side.
        Overlapping = "overlapping",
        /// Neither.
        Apart = "apart",
    }

    /// What a closed account's forwarding address says of the other record.
    ForwardingLevel {
        /// It names the other record's place.
        SamePlace = "same_place",
        /// It names the other record's postcode.
        SamePostcode = "same_postcode",
        /// It names somewhere else: evidence against.
        Elsewhere = "elsewhere",
    }

    /// How two records' identifiers of one kind compare.
    IdentifierLevel {
        /// One value of a kind both hold is the same.
        Exact = "exact",
        /// Every kind both hold has different values.
        Disagree = "disagree",
    }
}
