//! Syntax trees built directly, for the generated code's long, regular parts (the validators'
//! tables: a call per member, a static per object).
//!
//! Most generated code is written with `quote!` and parsed by syn before prettyplease formats
//! it; for tables of thousands of rows the parsing was most of the cost of generation. These
//! builders make the same `syn` nodes the parser would, so prettyplease prints them alike.

use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Expr, Lit};

/// The path `a::b::c`.
pub fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments
            .iter()
            .map(|segment| syn::PathSegment::from(syn::Ident::new(segment, Span::call_site())))
            .collect(),
    }
}

/// The expression `a::b::c`.
pub fn path_expr(segments: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(segments),
    })
}

/// The call `function(args…)`.
pub fn call(function: &[&str], args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr(function)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// A string literal.
pub fn string(text: &str) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Str(syn::LitStr::new(text, Span::call_site())),
    })
}

/// An unsuffixed integer literal.
pub fn integer(value: u32) -> Expr {
    Expr::Lit(syn::ExprLit {
        attrs: Vec::new(),
        lit: Lit::Int(syn::LitInt::new(&value.to_string(), Span::call_site())),
    })
}

/// `&expr`.
pub fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `[elements…]`.
pub fn array(elements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elements
            .into_iter()
            .collect::<Punctuated<Expr, syn::Token![,]>>(),
    })
}

/// Parses a small, fixed piece of generated code; the generator writes it, so it parses.
pub fn parsed<T: syn::parse::Parse>(tokens: TokenStream) -> T {
    match syn::parse2(tokens) {
        Ok(parsed) => parsed,
        Err(error) => panic!("qmpgen generated tokens that do not parse (a bug): {error}"),
    }
}

/// An identifier token for a name made by this module (or any other valid identifier).
pub fn ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    /// The expression as prettyplease prints it in a static.
    fn printed(expr: Expr) -> String {
        let item: syn::Item = parsed(quote!(static X: T = #expr;));
        prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        })
    }

    #[test]
    fn built_trees_print_as_parsed_ones() {
        let built = call(
            &["v", "required"],
            [
                string("tray-open"),
                integer(7),
                reference(array([path_expr(&["v", "BOOL"]), string("a\"b")])),
            ],
        );
        let from_text: Expr = parsed(quote!(v::required("tray-open", 7, &[v::BOOL, "a\"b"])));
        assert_eq!(printed(built), printed(from_text));
    }
}
