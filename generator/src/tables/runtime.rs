//! The plan as the runtime's owned tables: what `qmp-events validate --spec` judges with.

use qmp_events_runtime::validate as v;

use super::{Data, Plan, Value};
use crate::model::{Builtin, Schema};

/// The runtime's tables for `schema`, built at run time: they judge every message exactly as
/// the `static` tables the code generator writes for the same schema.
pub fn runtime_schema(schema: &Schema) -> v::Schema {
    let plan = Plan::new(schema);
    let events = plan
        .events
        .iter()
        .map(|event| v::Event::owned(event.name.clone(), data(event.data)))
        .collect();
    let objects = plan
        .objects
        .iter()
        .map(|object| {
            let members = object
                .members
                .iter()
                .map(|member| {
                    v::Member::owned(
                        member.name.clone(),
                        member.line,
                        member.required,
                        value(&member.value),
                    )
                })
                .collect();
            v::Object::owned(object.line, members)
        })
        .collect();
    let values = plan.values.iter().map(value).collect();
    let unions = plan
        .unions
        .iter()
        .map(|union| {
            let variants = union
                .variants
                .iter()
                .map(|(name, object)| v::Variant::owned(name.clone(), *object))
                .collect();
            v::Union::owned(union.base, union.discriminator.clone(), variants)
        })
        .collect();
    let alternates = plan
        .alternates
        .iter()
        .map(|alternate| v::Alternate::owned(alternate.choices.iter().map(value).collect()))
        .collect();
    v::Schema::owned(events, objects, values, unions, alternates)
}

fn data(data: Data) -> v::Data {
    match data {
        Data::Object(at) => v::Data::Object(at),
        Data::Union(at) => v::Data::Union(at),
        Data::None(line) => v::Data::None(line),
        Data::Any => v::Data::Any,
    }
}

fn value(value: &Value) -> v::Value {
    match value {
        Value::Any => v::Value::Any,
        Value::Named(name) => v::Value::Named(name.clone().into()),
        Value::String => v::Value::String,
        Value::OneOf(values) => v::Value::OneOf(v::Words::Owned(
            values.iter().map(|value| value.as_str().into()).collect(),
        )),
        Value::Int => v::Value::Int,
        Value::Ranged(builtin) => v::Value::Ranged(ranged(*builtin)),
        Value::Number => v::Value::Number,
        Value::Bool => v::Value::Bool,
        Value::Null => v::Value::Null,
        Value::AnyObject => v::Value::AnyObject,
        Value::Object(at) => v::Value::Object(*at),
        Value::Array(at) => v::Value::Array(*at),
        Value::Union(at) => v::Value::Union(*at),
        Value::Alternate(at) => v::Value::Alternate(*at),
    }
}

/// The runtime's sized integer type for a built-in (only sized ones are planned so).
pub(crate) fn ranged(builtin: Builtin) -> v::Ranged {
    match builtin {
        Builtin::Int8 => v::Ranged::Int8,
        Builtin::Int16 => v::Ranged::Int16,
        Builtin::Int32 => v::Ranged::Int32,
        Builtin::Uint8 => v::Ranged::Uint8,
        Builtin::Uint16 => v::Ranged::Uint16,
        Builtin::Uint32 => v::Ranged::Uint32,
        Builtin::AnyInt => v::Ranged::AnyInt,
        _ => v::Ranged::Uint64,
    }
}
