using SmartReasoning.Fhir.Model;
using static SmartReasoning.Sandbox.Synthetic.FhirValues;

namespace SmartReasoning.Sandbox.Synthetic;

/// <summary>
/// One patient's record as it is being written: the Organization, the clinicians, the Patient and every clinical
/// resource, each an entry of the transaction Bundle with a deterministic id. Entries are <c>PUT Type/id</c> with
/// fullUrl <c>urn:uuid:id</c>; references between entries use those fullUrls.
/// </summary>
internal sealed partial class PatientRecord
{
    private readonly List<Bundle.EntryComponent> _entries = new(256);
    private readonly Dictionary<Specialty, Clinician> _clinicians = [];
    private readonly Dictionary<Specialty, string> _clinicianRefs = [];
    private readonly ulong _key;
    private int _ordinal;

    public PatientRecord(Archetype archetype, ulong key, string mrn, Demographics who, DateOnly today, DateOnly historyStart, Specialty primary)
    {
        _key = key;
        Archetype = archetype;
        Random = new SeededRandom(SeededRandom.Mix(key ^ 0xC1_1A_1CUL));
        Who = who;
        Today = today;
        HistoryStart = historyStart;
        Mrn = mrn;
        PrimarySpecialty = primary;
        OrganizationName = Clinicians.OrganizationName(Random, who.City);
        OrganizationRef = Add(BuildOrganization());
        PrimaryClinician = ClinicianRef(primary);
        PatientRef = Add(BuildPatient());
    }

    public Archetype Archetype { get; }
    public SeededRandom Random { get; }
    public Demographics Who { get; }
    public bool Female => Who.Female;
    public DateOnly Today { get; }
    public DateOnly HistoryStart { get; }
    public string Mrn { get; }
    public Specialty PrimarySpecialty { get; }
    public string OrganizationName { get; }
    public string OrganizationRef { get; }
    public string PatientRef { get; }
    public string PrimaryClinician { get; }

    /// <summary>The last day anything may happen: the day before <see cref="Today"/>.</summary>
    public DateOnly LastDay => Today.AddDays(-1);

    /// <summary>Age in whole years on a date.</summary>
    public int AgeOn(DateOnly date)
    {
        var age = date.Year - Who.BirthDate.Year;
        if (date < Who.BirthDate.AddYears(age)) age--;
        return age;
    }

    /// <summary>Age in fractional years on a date.</summary>
    public double ExactAgeOn(DateOnly date) => (date.DayNumber - Who.BirthDate.DayNumber) / 365.25;

    /// <summary>How far through the history a date is: 0 at its start, 1 today.</summary>
    public double Progress(DateOnly date) =>
        Math.Clamp((date.DayNumber - HistoryStart.DayNumber) / (double)Math.Max(1, Today.DayNumber - HistoryStart.DayNumber), 0, 1);

    /// <summary>Dates every <paramref name="months"/> months from <paramref name="from"/> until <paramref name="to"/>,
    /// each moved by up to <paramref name="jitterDays"/> and off weekends.</summary>
    public List<DateOnly> Every(int months, DateOnly from, DateOnly? to = null, int jitterDays = 10)
    {
        var end = to is { } t && t < LastDay ? t : LastDay;
        var dates = new List<DateOnly>();
        for (var i = 0; ; i++)
        {
            var date = Weekday(from.AddMonths(i * months).AddDays(i == 0 ? 0 : Random.Next(-jitterDays, jitterDays + 1)));
            if (date > end) break;
            if (date >= HistoryStart && (dates.Count == 0 || date > dates[^1])) dates.Add(date);
        }
        return dates;
    }

    /// <summary>The date moved forward off a weekend.</summary>
    public static DateOnly Weekday(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };

    /// <summary>A random date in [from, to], clamped to the history.</summary>
    public DateOnly DateBetween(DateOnly from, DateOnly to)
    {
        if (from < HistoryStart) from = HistoryStart;
        if (to > LastDay) to = LastDay;
        return to <= from ? from : from.AddDays(Random.Next(0, to.DayNumber - from.DayNumber + 1));
    }

    /// <summary>Adds a resource as a transaction entry; returns the <c>urn:uuid:</c> its references use.</summary>
    public string Add(Resource resource)
    {
        var id = Id(_ordinal++);
        resource.Id = id;
        var fullUrl = "urn:uuid:" + id;
        _entries.Add(new Bundle.EntryComponent
        {
            FullUrl = Uri(fullUrl),
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = HTTPVerb.PUT, Url = Uri(resource.TypeInfo.Name + "/" + id) },
        });
        return fullUrl;
    }

    /// <summary>The resource of an entry added earlier, by its <c>urn:uuid:</c>.</summary>
    public Resource Find(string reference)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
            if (_entries[i].FullUrl!.Value == reference) return _entries[i].Resource!;
        throw new KeyNotFoundException(reference);
    }

    private string Id(int ordinal) => DeterministicIds.Uuid(_key, ordinal);

    public Bundle ToBundle() => new()
    {
        Type = BundleType.Transaction,
        Timestamp = InstantOf(Today.ToDateTime(TimeOnly.MinValue)),
        Entry = _entries,
    };
}
