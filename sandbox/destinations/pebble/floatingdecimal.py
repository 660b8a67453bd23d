"""JDK 17's `Double.toString` digits (`jdk.internal.math.FloatingDecimal.BinaryToASCIIBuffer`).

JDK 17 does not print the shortest round-trip form in every case (JDK 19 changed that): integers
from 2^53 to 2^63 print every digit of their exact value (`7.6459423505127846E17`, not
`…785E17`), scientific output always has two digits (`4.9E-324`, not `5.0E-324`), and its digit
loop stops late on some values (`8.609200000000001E21`). This module restates the algorithm,
including the 32- and 64-bit arithmetic (and its overflow) of its fast paths, so the sandbox
prints what the JVM prints. `DecimalFormat` starts from the same digits.

    java_digits(0.5) → ("5", 0)      # 0.5 = 0.5 × 10^0
    double_to_string(5e-324) → "4.9E-324"
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass

EXP_SHIFT = 52
FRACT_HOB = 1 << EXP_SHIFT
SIGNIF_MASK = FRACT_HOB - 1
MAX_SMALL_BIN_EXP, MIN_SMALL_BIN_EXP = 62, -21
INSIGNIFICANT_DIGITS = [
    *(0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7),
    *(8, 8, 8, 9, 9, 9, 9, 10, 10, 10, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14),
    *(15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19),
]
LONG_5_POW_COUNT = 27
"""`FDBigInteger.LONG_5_POW.length`: 5^0 … 5^26 fit in a long."""


def _n5_bits(power: int) -> int:
    """`N_5_BITS[power]`: the bit length of 5^power (Java's table; `power * 3` past it)."""
    return (5**power).bit_length() if power < 28 else power * 3


def _wrap(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _java_div(a: int, b: int) -> int:
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b >= 0) else -quotient


def _java_rem(a: int, b: int) -> int:
    return a - _java_div(a, b) * b


@dataclass(frozen=True)
class JavaDigits:
    """|value| ≈ 0.DIGITS × 10^exponent, and the two flags `DigitList` rounds by:
    `exact` (`decimalDigitsExact`: never set on the integer path) and `rounded_up`
    (`digitsRoundedUp`: the last digit was rounded up, unless through a carry of nines)."""

    digits: str
    exponent: int
    exact: bool = False
    rounded_up: bool = False


def java_digits(value: float) -> JavaDigits:
    """The digits of a finite non-zero double's magnitude as JDK 17's `FloatingDecimal`
    develops them."""
    bits = struct.unpack(">Q", struct.pack(">d", abs(value)))[0]
    fract, bin_exp = bits & SIGNIF_MASK, bits >> EXP_SHIFT
    if bin_exp == 0:
        leading = 64 - fract.bit_length()
        shift = leading - (63 - EXP_SHIFT)
        fract <<= shift
        bin_exp, significant = 1 - shift, 64 - leading
    else:
        fract |= FRACT_HOB
        significant = EXP_SHIFT + 1
    return _dtoa(bin_exp - 1023, fract, significant)


def _dtoa(bin_exp: int, fract: int, significant: int) -> JavaDigits:
    tail_zeros = (fract & -fract).bit_length() - 1
    n_fract_bits = EXP_SHIFT + 1 - tail_zeros
    tiny = max(0, n_fract_bits - bin_exp - 1)
    if (
        MIN_SMALL_BIN_EXP <= bin_exp <= MAX_SMALL_BIN_EXP
        and tiny < LONG_5_POW_COUNT
        and n_fract_bits + _n5_bits(tiny) < 64
        and tiny == 0
    ):
        insignificant = 0
        if bin_exp > significant:
            p2 = bin_exp - significant - 1
            insignificant = INSIGNIFICANT_DIGITS[p2] if 1 < p2 < len(INSIGNIFICANT_DIGITS) else 0
        shifted = (
            fract << (bin_exp - EXP_SHIFT)
            if bin_exp >= EXP_SHIFT
            else fract >> (EXP_SHIFT - bin_exp)
        )
        return _long_digits(shifted, insignificant)
    return _hard_case(bin_exp, fract, significant, tail_zeros, n_fract_bits, tiny)


def _long_digits(value: int, insignificant: int) -> JavaDigits:
    """`developLongDigits(0, value, insignificant)`."""
    exponent = 0
    if insignificant:
        pow10 = 10**insignificant
        value, residue = divmod(value, pow10)
        exponent += insignificant
        if residue >= pow10 >> 1:
            value += 1
    text = str(value)
    digits = text.rstrip("0")
    return JavaDigits(digits, exponent + len(text))


def _estimate_dec_exp(fract: int, bin_exp: int) -> int:
    d2: float = struct.unpack(">d", struct.pack(">Q", (1023 << EXP_SHIFT) | (fract & SIGNIF_MASK)))[
        0
    ]
    d = (d2 - 1.5) * 0.289529654 + 0.176091259 + bin_exp * 0.301029995663981
    return math.floor(d)


def _hard_case(
    bin_exp: int, fract: int, significant: int, tail_zeros: int, n_fract_bits: int, tiny: int
) -> JavaDigits:
    dec_exp = _estimate_dec_exp(fract, bin_exp)
    b5 = max(0, -dec_exp)
    b2 = b5 + tiny + bin_exp
    s5 = max(0, dec_exp)
    s2 = s5 + tiny
    m5, m2 = b5, b2 - significant
    fract >>= tail_zeros
    b2 -= n_fract_bits - 1
    common = min(b2, s2)
    b2, s2, m2 = b2 - common, s2 - common, m2 - common
    if n_fract_bits == 1:
        m2 -= 1
    if m2 < 0:
        b2, s2, m2 = b2 - m2, s2 - m2, 0
    b_bits = n_fract_bits + b2 + _n5_bits(b5)
    ten_s_bits = s2 + 1 + _n5_bits(s5 + 1)
    b, s, m = fract * 5**b5 << b2, 5**s5 << s2, 5**m5 << m2
    if b_bits < 64 and ten_s_bits < 64:
        width = 32 if b_bits < 32 and ten_s_bits < 32 else 64
        return _fixed_width_digits(b, s, m, dec_exp, width)
    return _big_digits(b, s, m, dec_exp)


def _fixed_width_digits(b: int, s: int, m: int, dec_exp: int, width: int) -> JavaDigits:
    """The int/long loop, wrapping as Java's arithmetic does."""

    def w(x: int) -> int:
        return _wrap(x, width)

    b, s, m = w(b), w(s), w(m)
    tens = w(s * 10)
    q = _java_div(b, s)
    b = w(10 * _java_rem(b, s))
    m = w(m * 10)
    low, high = b < m, w(b + m) > tens
    digits = []
    if q == 0 and not high:
        dec_exp -= 1
    else:
        digits.append(q)
    if dec_exp < -3 or dec_exp >= 8:
        low = high = False
    while not low and not high:
        q = _java_div(b, s)
        b = w(10 * _java_rem(b, s))
        m = w(m * 10)
        if m > 0:
            low, high = b < m, w(b + m) > tens
        else:
            low = high = True
        digits.append(q)
    difference = w(w(b << 1) - tens)
    return _finish(digits, dec_exp, low, high, difference, b == 0)


def _big_digits(b: int, s: int, m: int, dec_exp: int) -> JavaDigits:
    """The FDBigInteger loop: note `>=` where the fixed-width loops test `>`."""
    ten_s, m = s * 10, m * 10
    q, b = divmod(b, s)
    b *= 10
    low, high = b < m, b + m >= ten_s
    digits = []
    if q == 0 and not high:
        dec_exp -= 1
    else:
        digits.append(q)
    if dec_exp < -3 or dec_exp >= 8:
        low = high = False
    while not low and not high:
        q, b = divmod(b, s)
        b *= 10
        m *= 10
        low, high = b < m, b + m >= ten_s
        digits.append(q)
    difference = (2 * b - ten_s) if high and low else 0
    return _finish(digits, dec_exp, low, high, difference, b == 0)


def _finish(
    digits: list[int], dec_exp: int, low: bool, high: bool, difference: int, exact: bool
) -> JavaDigits:
    exponent, rounded_up = dec_exp + 1, False
    if high and (not low or difference > 0 or (difference == 0 and digits[-1] % 2)):
        rounded_up = digits != [9] * len(digits)
        digits, exponent = _round_up(digits, exponent)
    return JavaDigits("".join(map(str, digits)), exponent, exact, rounded_up)


def _round_up(digits: list[int], exponent: int) -> tuple[list[int], int]:
    """`roundup()`: a carry through nines; all nines become a single 1 a place higher (Java
    leaves the zeros it wrote in place; they are trailing zeros, never printed)."""
    i = len(digits) - 1
    while digits[i] == 9 and i > 0:
        digits[i] = 0
        i -= 1
    if digits[i] == 9:
        return [1] + [0] * (len(digits) - 1), exponent + 1
    digits[i] += 1
    return digits, exponent


def double_to_string(value: float) -> str:
    """`Double.toString(value)` on JDK 17."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
    sign = "-" if value < 0 else ""
    developed = java_digits(value)
    return sign + _chars(developed.digits, developed.exponent)


def _chars(digits: str, exponent: int) -> str:
    """`BinaryToASCIIBuffer.getChars`: plain for 10^-3 ≤ x < 10^7, else `d.dddE±n`."""
    if 0 < exponent < 8:
        whole = digits[:exponent].ljust(exponent, "0")
        return f"{whole}.{digits[exponent:] or '0'}"
    if -3 < exponent <= 0:
        return "0." + "0" * -exponent + digits
    fraction = digits[1:] or "0"
    return f"{digits[0]}.{fraction}E{exponent - 1}"
