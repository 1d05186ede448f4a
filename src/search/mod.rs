//! Search the library: photos by the people in them ([`people`]: A; A and B; A without
//! B; only A and B; within a date range) and faces by an example photo ([`like`]).
//!
//! A face counts as a person's when it is confirmed as theirs or automatically
//! assigned to them (the `face_people` view); suggestions do not count.

pub mod bench;
pub mod dates;
pub mod like;
pub mod people;

pub use like::{rank_like, search_like, DescriptorIndex, LikeHit};
pub use people::{search_people, PeopleIndex, PeopleQuery, PhotoHit};
