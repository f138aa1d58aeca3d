//! Data the server writes into the page for the browser to read when it hydrates: the page
//! renders at once on the server, and the browser neither asks again nor waits.
//! It replaces `Resource` + `Suspense` for data the server has in hand (see README: SSR hangs).

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// JSON that is safe inside `<script>`: no `<`, `>` or `&` that HTML would read.
#[cfg(any(feature = "ssr", test))]
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The value `on_server` gives during server rendering, or the one the server wrote into the
/// page under `id` when running in the browser; and the `<script>` element that carries it.
pub fn page_data<T>(id: &'static str, on_server: impl FnOnce() -> Option<T>) -> (Option<T>, AnyView)
where
    T: Serialize + DeserializeOwned,
{
    #[cfg(feature = "ssr")]
    let (value, json) = {
        let value = on_server();
        let json = serde_json::to_string(&value)
            .map(|j| script_safe(&j))
            .unwrap_or_default();
        (value, json)
    };
    #[cfg(not(feature = "ssr"))]
    let (value, json) = {
        let _ = on_server;
        let json = document()
            .get_element_by_id(id)
            .and_then(|element| element.text_content())
            .unwrap_or_default();
        (
            serde_json::from_str::<Option<T>>(&json).ok().flatten(),
            json,
        )
    };
    (
        value,
        view! { <script type="application/json" id=id inner_html=json></script> }.into_any(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_the_script() {
        let json = serde_json::to_string("</script><b>&").expect("json");
        let safe = script_safe(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert_eq!(
            serde_json::from_str::<String>(&safe).expect("still JSON"),
            "</script><b>&"
        );
    }
}
