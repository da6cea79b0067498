namespace EventWorkbench.Ingest;

/// <summary>
/// The numbers PostgreSQL's jsonb can hold. jsonb stores a number as <c>numeric</c>, which takes at most 131,072
/// digits before the decimal point and 16,383 after it (digits as written after the point count, trailing zeros too,
/// less the exponent), and whose reader gives up on an exponent of 1,073,741,823 or more even for a zero
/// (<c>0e1073741823</c>). System.Text.Json reads all of these, so an append would fail inside PostgreSQL; this says
/// so before anything is written. The rules are checked against a real PostgreSQL in the tests.
/// </summary>
public static class JsonbNumbers
{
    public const int MaxDigitsBeforePoint = 131_072;
    public const int MaxDigitsAfterPoint = 16_383;
    public const long MaxExponent = 1_073_741_822;

    /// <summary>Why PostgreSQL cannot store this JSON number (its raw UTF-8 text), or null when it can.</summary>
    public static string? Problem(ReadOnlySpan<byte> number)
    {
        var i = number.Length > 0 && number[0] == '-' ? 1 : 0;
        var integer = Digits(number, ref i);
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < number.Length && number[i] == '.')
        {
            i++;
            fraction = Digits(number, ref i);
        }
        var exponent = 0L;
        if (i < number.Length && (number[i] == 'e' || number[i] == 'E'))
        {
            i++;
            var negative = i < number.Length && number[i] == '-';
            if (i < number.Length && (number[i] == '-' || number[i] == '+')) i++;
            foreach (var digit in Digits(number, ref i))
            {
                exponent = exponent * 10 + (digit - '0');
                if (exponent > MaxExponent) return $"is a number PostgreSQL cannot store: its exponent is beyond ±{MaxExponent:N0}";
            }
            if (negative) exponent = -exponent;
        }

        if (fraction.Length - exponent > MaxDigitsAfterPoint)
            return $"is a number PostgreSQL cannot store: it has more than {MaxDigitsAfterPoint:N0} digits after the decimal point";

        var leadingInteger = integer.IndexOfAnyExcept((byte)'0');
        long digitsBeforePoint;
        if (leadingInteger >= 0) digitsBeforePoint = integer.Length - leadingInteger + exponent;
        else
        {
            var leadingFraction = fraction.IndexOfAnyExcept((byte)'0');
            if (leadingFraction < 0) return null; // zero, however it is written
            digitsBeforePoint = exponent - leadingFraction;
        }
        return digitsBeforePoint > MaxDigitsBeforePoint
            ? $"is a number PostgreSQL cannot store: it has more than {MaxDigitsBeforePoint:N0} digits before the decimal point"
            : null;
    }

    private static ReadOnlySpan<byte> Digits(ReadOnlySpan<byte> number, scoped ref int i)
    {
        var start = i;
        while (i < number.Length && char.IsAsciiDigit((char)number[i])) i++;
        return number[start..i];
    }
}
