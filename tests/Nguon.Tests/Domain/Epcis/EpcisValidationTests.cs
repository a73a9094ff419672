using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using static Nguon.Tests.Domain.Epcis.EpcisSamples;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>EPCIS 2.0 validation before capture: the sample document (every event type and dimension) is valid, each
/// event alone too; each kind of mistake gives one problem with the JSON pointer to it and a line that names it.</summary>
public sealed class EpcisValidationTests
{
    private const string Events = "/epcisBody/eventList/";

    /// <summary>The one problem of <paramref name="document"/>: at <paramref name="pointer"/>, saying <paramref name="says"/>.</summary>
    private static EpcisProblem Single(JsonElement document, string pointer, string says)
    {
        var result = EpcisValidation.Document(document);
        Assert.False(result.IsValid);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(pointer, problem.Pointer);
        Assert.Contains(says, problem.Message);
        return problem;
    }

    private static EpcisProblem Single(int eventIndex, Action<JsonObject> change, string pointer, string says) =>
        Single(Changed(d => change(EventOf(d, eventIndex))), Events + eventIndex + pointer, says);

    [Fact]
    public void The_sample_document_with_every_type_and_dimension_is_valid()
    {
        var result = EpcisValidation.Document(ValidDocument);
        Assert.Empty(result.Problems.Select(p => p.Message));
        Assert.True(result.IsValid);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void Each_event_alone_is_valid_with_the_document_context_or_its_own()
    {
        foreach (var e in ValidDocument.GetProperty("epcisBody").GetProperty("eventList").EnumerateArray())
        {
            Assert.Empty(EpcisValidation.Event(e, ContextElement).Problems);
            var own = JsonNode.Parse(e.GetRawText())!.AsObject();
            var context = JsonNode.Parse(Context)!.AsArray();
            if (own["@context"] is { } added) context.Add(added.DeepClone());
            own["@context"] = context;
            Assert.Empty(EpcisValidation.Event(JsonSerializer.SerializeToElement(own), null).Problems);
        }
    }

    [Fact]
    public void An_event_alone_carries_its_own_context()
    {
        var harvest = ValidDocument.GetProperty("epcisBody").GetProperty("eventList")[Harvest];
        var problem = Assert.Single(EpcisValidation.Event(harvest, null).Problems, p => p.Pointer == "/@context");
        Assert.Contains("@context: required", problem.Message);
        Assert.Null(problem.EventIndex);
    }

    [Fact]
    public void A_document_without_a_context_is_refused()
    {
        var problems = EpcisValidation.Document(Changed(d => d.Remove("@context"))).Problems;
        Assert.Equal("/@context", problems[0].Pointer);
        Assert.Contains("@context: required", problems[0].Message);
        Assert.All(problems.Skip(1), p => Assert.Contains("prefix \"ng\" is not declared", p.Message)); // nor then is "ng"
    }

    [Fact]
    public void The_problem_type_is_the_rest_bindings_validation_exception() =>
        Assert.Equal("epcisException:ValidationException", EpcisValidation.ProblemType);

    [Fact]
    public void An_unknown_action_is_refused()
    {
        var problem = Single(Harvest, e => e["action"] = "CREATE", "/action", "\"CREATE\" is not an action: ADD, OBSERVE or DELETE");
        Assert.Equal(Harvest, problem.EventIndex);
    }

    [Fact]
    public void A_transformation_event_has_no_action() =>
        Single(Drying, e => e["action"] = "ADD", "/action", "eventList[2].action: a TransformationEvent has no action");

    [Theory]
    [InlineData("2026-06-01 08:30:00+07:00", "is not a date-time with an offset")]
    [InlineData("2026-06-01T08:30:00", "has no offset")]
    [InlineData("2026-02-30T08:30:00Z", "is no such time")]
    [InlineData("2026-06-01T08:30:00+15:00", "is no such time")]
    public void A_bad_time_is_refused(string time, string says) =>
        Single(Harvest, e => e["eventTime"] = time, "/eventTime", says);

    [Fact]
    public void A_time_as_a_number_is_refused() =>
        Single(Packing, e => e["eventTime"] = 1780000000, "/eventTime", "a date-time, not the number 1780000000");

    [Fact]
    public void The_event_time_zone_offset_is_required() =>
        Single(Harvest, e => e.Remove("eventTimeZoneOffset"), "/eventTimeZoneOffset", "eventTimeZoneOffset: required");

    [Theory]
    [InlineData("+7:00")]
    [InlineData("+14:30")]
    [InlineData("Z")]
    public void A_bad_event_time_zone_offset_is_refused(string offset) =>
        Single(Harvest, e => e["eventTimeZoneOffset"] = offset, "/eventTimeZoneOffset", "is not an offset ±hh:mm");

    [Fact]
    public void A_quantity_as_text_is_refused()
    {
        var problem = Single(Harvest, e => e["quantityList"]![0]!["quantity"] = "12", "/quantityList/0/quantity", "a number");
        Assert.Equal("eventList[0].quantityList[0].quantity: a number, not text \"12\"", problem.Message);
    }

    [Theory]
    [InlineData("kg", "is not a UN/CEFACT Rec 20 unit code")]
    [InlineData("KILO", "is not a UN/CEFACT Rec 20 unit code")]
    public void A_unit_is_a_rec_20_code(string uom, string says) =>
        Single(Harvest, e => e["quantityList"]![0]!["uom"] = uom, "/quantityList/0/uom", says);

    [Fact]
    public void A_quantity_element_needs_its_class_and_takes_no_extensions()
    {
        var result = EpcisValidation.Document(Changed(d =>
        {
            var q = EventOf(d, Harvest)["quantityList"]![0]!.AsObject();
            q.Remove("epcClass");
            q["ng:grade"] = "A";
        }));
        Assert.Equal([Events + "0/quantityList/0/epcClass", Events + "0/quantityList/0/ng:grade"], result.Problems.Select(p => p.Pointer));
        Assert.Contains("required in a quantity element", result.Problems[0].Message);
        Assert.Contains("takes no extensions", result.Problems[1].Message);
    }

    [Fact]
    public void A_non_standard_bare_biz_step_is_refused() =>
        Single(Harvest, e => e["bizStep"] = "drying", "/bizStep", "\"drying\" is not a business step of CBV 2.0");

    [Theory]
    [InlineData("urn:epcglobal:cbv:bizstep:shipping", "is a CBV 1.x identifier")]
    [InlineData("cbv:BizStep-transforming", "names no business step of CBV 2.0")]
    [InlineData("https://ref.gs1.org/cbv/Disp-active", "is a CBV term, but not a business step")]
    [InlineData("zz:drying", "prefix \"zz\" is not declared in the @context")]
    public void A_biz_step_uri_is_checked_against_the_vocabulary(string bizStep, string says) =>
        Single(Sale, e => e["bizStep"] = bizStep, "/bizStep", says);

    [Fact]
    public void A_non_standard_bare_disposition_is_refused() =>
        Single(Packing, e => e["disposition"] = "packed", "/disposition", "\"packed\" is not a disposition of CBV 2.0");

    [Fact]
    public void An_ilmd_field_without_a_namespace_is_refused() =>
        Single(Harvest, e => e["ilmd"]!["variety"] = "Vải thiều", "/ilmd/variety", "an ILMD field needs a namespace");

    [Fact]
    public void A_nested_extension_field_without_a_namespace_is_refused_and_its_pointer_escapes_the_uri() =>
        Single(Harvest, e => e["ilmd"]!["https://nguon.vn/epcis/plot"] = new JsonObject { ["rows"] = 12 },
            "/ilmd/https:~1~1nguon.vn~1epcis~1plot/rows", "a nested extension field needs a namespace");

    [Fact]
    public void Ilmd_belongs_to_object_and_transformation_events() =>
        Single(Packing, e => e["ilmd"] = new JsonObject { ["ng:moisture"] = 18 }, "/ilmd", "an AggregationEvent has no ilmd");

    [Fact]
    public void An_unknown_field_without_a_namespace_is_refused() =>
        Single(Harvest, e => e["season"] = "2026", "/season",
            "not an EPCIS 2.0 field of an ObjectEvent; a user extension needs a namespace");

    [Fact]
    public void An_undeclared_curie_prefix_is_refused() =>
        Single(Harvest, e => e["zz:season"] = "2026", "/zz:season", "prefix \"zz\" is not declared in the @context");

    [Fact]
    public void A_prefix_an_event_declares_holds_in_that_event_only() =>
        Single(Harvest, e => e["qa:inspector"] = "x", "/qa:inspector", "prefix \"qa\" is not declared");

    [Theory]
    [InlineData("8935001.012345.A1")]
    [InlineData("sgtin 8935001.012345.A1")]
    [InlineData("https://")]
    public void A_non_uri_epc_is_refused(string epc) =>
        Single(Harvest, e => e["epcList"]![0] = epc, "/epcList/0", "a URI (an EPC URN");

    [Fact]
    public void An_epc_given_twice_is_refused() =>
        Single(Harvest, e => e["epcList"]![1] = "urn:epc:id:sgtin:8935001.012345.A1", "/epcList/1", "given twice");

    [Fact]
    public void An_aggregation_with_action_add_needs_its_parent() =>
        Single(Packing, e => e.Remove("parentID"), "/parentID", "parentID: required: with action ADD");

    [Fact]
    public void An_aggregation_observed_may_leave_out_its_parent() =>
        Assert.True(EpcisValidation.Document(Changed(d =>
        {
            EventOf(d, Packing).Remove("parentID");
            EventOf(d, Packing)["action"] = "OBSERVE";
        })).IsValid);

    [Fact]
    public void An_association_has_one_parent() =>
        Single(Logger, e => e["parentID"] = new JsonArray("urn:epc:id:giai:8935001.LOGGER-4"), "/parentID", "one URI, not a list");

    [Fact]
    public void A_transformation_needs_inputs_and_outputs_unless_it_has_a_transformation_id()
    {
        Assert.True(EpcisValidation.Document(Changed(d => EventOf(d, Drying).Remove("inputQuantityList"))).IsValid);
        Single(Drying, e =>
        {
            e.Remove("inputQuantityList");
            e.Remove("transformationID");
        }, "/inputEPCList", "a TransformationEvent needs at least one input");
    }

    [Fact]
    public void A_transaction_needs_a_business_transaction() =>
        Single(Sale, e => e["bizTransactionList"] = new JsonArray(), "/bizTransactionList", "at least one business transaction");

    [Fact]
    public void A_source_needs_its_type() =>
        Single(Sale, e => e["sourceList"]![0]!.AsObject().Remove("type"), "/sourceList/0/type", "required in a source");

    [Fact]
    public void An_error_declaration_needs_its_declaration_time() =>
        Single(Transport, e => e["errorDeclaration"]!.AsObject().Remove("declarationTime"), "/errorDeclaration/declarationTime",
            "errorDeclaration.declarationTime: required");

    [Fact]
    public void A_corrective_event_id_is_a_uri() =>
        Single(Transport, e => e["errorDeclaration"]!["correctiveEventIDs"]![0] = "event 7", "/errorDeclaration/correctiveEventIDs/0",
            "a URI, not \"event 7\"");

    [Fact]
    public void A_sensor_report_value_as_text_is_refused() =>
        Single(Harvest, e => e["sensorElementList"]![0]!["sensorReport"]![0]!["value"] = "24.5",
            "/sensorElementList/0/sensorReport/0/value", "a number, not text \"24.5\"");

    [Fact]
    public void A_sensor_element_needs_a_report() =>
        Single(Harvest, e => e["sensorElementList"]![0]!["sensorReport"] = new JsonArray(), "/sensorElementList/0/sensorReport",
            "at least one sensor report");

    [Fact]
    public void A_persistent_disposition_holds_dispositions() =>
        Single(Harvest, e => e["persistentDisposition"]!["set"]![0] = "fresh", "/persistentDisposition/set/0", "is not a disposition");

    [Fact]
    public void Certification_info_is_a_uri_or_a_list_of_uris() =>
        Single(Harvest, e => e["certificationInfo"] = 121, "/certificationInfo", "a URI or a list of URIs, not the number 121");

    [Fact]
    public void An_event_id_is_a_uri() =>
        Single(Harvest, e => e["eventID"] = "event-1", "/eventID", "a URI, not \"event-1\"");

    [Fact]
    public void An_unknown_event_type_is_refused() =>
        Single(Logger, e => e["type"] = "SensorEvent", "/type", "\"SensorEvent\" is not an EPCIS 2.0 event type");

    [Fact]
    public void An_event_list_that_is_not_a_list_is_refused() =>
        Single(Changed(d => d["epcisBody"]!["eventList"] = new JsonObject()), "/epcisBody/eventList",
            "eventList: a list of events, not an object");

    [Fact]
    public void An_event_that_is_not_an_object_is_refused()
    {
        var problem = Single(Changed(d => d["epcisBody"]!["eventList"]![Packing] = "ObjectEvent"), Events + Packing,
            "eventList[1]: an event is a JSON object, not text \"ObjectEvent\"");
        Assert.Equal(Packing, problem.EventIndex);
    }

    [Fact]
    public void The_envelope_is_checked()
    {
        Single(Changed(d => d["schemaVersion"] = JsonNode.Parse("2.0")), "/schemaVersion", "\"2.0\" as text, not the number 2.0");
        Single(Changed(d => d["type"] = "EPCISQueryDocument"), "/type", "\"EPCISDocument\", not \"EPCISQueryDocument\"");
        Single(Changed(d => d.Remove("creationDate")), "/creationDate", "creationDate: required");
        Single(JsonSerializer.SerializeToElement(new JsonArray()), "", "document: an EPCIS document is a JSON object, not a list");
    }

    [Fact]
    public void At_most_a_hundred_problems_are_reported()
    {
        var result = EpcisValidation.Document(Changed(d =>
        {
            var events = new JsonArray();
            for (var i = 0; i < 500; i++) events.Add(new JsonObject { ["type"] = "ObjectEvent", ["action"] = "NOPE" });
            d["epcisBody"]!["eventList"] = events;
        }));
        Assert.Equal(EpcisValidation.MaxProblems, result.Problems.Count);
        Assert.True(result.Truncated);
    }
}
