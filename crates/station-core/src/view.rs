//! One view of the station per domain (`station.cases()`, `station.disposal()` …): a reader
//! finds behaviour by its domain name. A view derefs to the station, so its methods use the
//! session, the catalog and the door as the station's own methods do.

/// Declares the view `$name` and its accessor `station.$accessor()`.
macro_rules! station_view {
    ($(#[$meta:meta])* $name:ident, $accessor:ident) => {
        $(#[$meta])*
        pub struct $name<'a> {
            st: &'a crate::Station,
        }

        impl std::ops::Deref for $name<'_> {
            type Target = crate::Station;
            fn deref(&self) -> &crate::Station {
                self.st
            }
        }

        impl crate::Station {
            pub fn $accessor(&self) -> $name<'_> {
                $name { st: self }
            }
        }
    };
}

pub(crate) use station_view;
