using System.Text;

namespace EventWorkbench.Export;

/// <summary>
/// Reads back the records <see cref="ReviewCsv"/> writes (RFC 4180: a quoted field may hold commas, doubled quotes and
/// line breaks; a record ends in CRLF outside quotes).
/// </summary>
public static class CsvRecords
{
    /// <summary>The next record as written (without its line end); null at the end.</summary>
    public static string? Read(TextReader reader)
    {
        var record = new StringBuilder();
        var quoted = false;
        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (c == '"') quoted = !quoted;
            if (!quoted && c == '\n')
            {
                if (record.Length > 0 && record[^1] == '\r') record.Length--;
                return record.ToString();
            }
            record.Append(c);
        }
        return record.Length > 0 ? record.ToString() : null;
    }

    /// <summary>A record's fields, unquoted.</summary>
    public static IReadOnlyList<string> Fields(string record)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}
