import Foundation

/// True when `a` and `b` are the same value, field by field, with NaN equal to NaN.
///
/// Screens with the default sourced prices carry NaN costs ("cost unknown"), and `==` on `Double` says NaN ≠ NaN,
/// so two identical results would compare unequal. Swift prints every `Double` in its shortest form that reads back
/// to the same bits (and NaN as "nan"), so equal reflections mean equal values; the comparison is exact, not approximate.
func identical<T>(_ a: T, _ b: T) -> Bool { String(reflecting: a) == String(reflecting: b) }
