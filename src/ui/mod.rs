//! The screens: pages, the components they are made of, and their texts in two languages.
//! The UI talks to the server only through `api`; it never imports `server`.

pub mod components;
pub mod format;
pub mod pages;
