using YamlDotNet.RepresentationModel;

namespace Nguon.Tests.Deploy;

/// <summary>No Docker engine or Kubernetes runs here, so the deployment files are checked as far as this machine
/// allows: every YAML file parses, and the fields that make a cluster work agree with each other and with the silo.</summary>
public sealed class DeploymentFilesTests
{
    private static readonly string DeployDirectory = FindDeploy();

    private static string FindDeploy()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "deploy", "Dockerfile"))) return Path.Combine(dir.FullName, "deploy");
        throw new InvalidOperationException("deploy/ not found above " + AppContext.BaseDirectory);
    }

    private static List<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(DeployDirectory, relative))) stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
            node = int.TryParse(step, out var i) ? ((YamlSequenceNode)node)[i] : ((YamlMappingNode)node)[step];
        return node;
    }

    private static string S(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlMappingNode Kind(string kind) =>
        Directory.GetFiles(Path.Combine(DeployDirectory, "k8s"), "*.yaml").Where(f
            => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(f => Documents(Path.Combine("k8s", Path.GetFileName(f)))).Single(d => S(d, "kind") == kind);

    [Fact]
    public void Every_yaml_file_under_deploy_parses()
    {
        var files = Directory.GetFiles(DeployDirectory, "*.y*ml", SearchOption.AllDirectories).Where(f
            => !f.Contains(".cluster", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 10, string.Join(", ", files));
        Assert.All(files, f => Assert.NotEmpty(Documents(Path.GetRelativePath(DeployDirectory, f))));
    }

    [Fact]
    public void The_compose_file_runs_three_silos_on_one_postgres_with_azurite_and_telemetry()
    {
        var compose = Documents("compose.yaml").Single();
        var services = (YamlMappingNode)At(compose, "services");
        var names = services.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        Assert.Superset(new HashSet<string> { "postgres", "azurite", "otel-collector", "jaeger", "prometheus", "silo-1", "silo-2",
            "silo-3" }, names.ToHashSet());

        var silos = names.Where(n => n.StartsWith("silo-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, silos.Count);
        var advertised = new HashSet<string>();
        foreach (var silo in silos)
        {
            var service = At(services, silo);
            // Merge keys (<<) are resolved by compose; YamlDotNet's representation model keeps them as written.
            Assert.Equal("silo", ((YamlMappingNode)service).Children.Single(c => ((YamlScalarNode)c.Key).Value == "<<").Value.Anchor.Value);
            var ip = S(service, "environment", "Nguon__AdvertisedIp");
            Assert.Equal(ip, S(service, "networks", "nguon", "ipv4_address"));
            Assert.True(advertised.Add(ip), $"{silo} advertises {ip} like another silo");
        }
        var environment = At(compose, "x-silo-environment");
        Assert.Equal("Postgres", S(environment, "Nguon__Storage"));
        Assert.Contains("Host=postgres", S(environment, "Nguon__ConnectionString"), StringComparison.Ordinal);
        Assert.Contains("azurite:10000", S(environment, "Nguon__Documents__ConnectionString"), StringComparison.Ordinal);
        // All three silos read the same signing keys (one shared, read-only folder) and none makes its own.
        var keyDirectory = S(environment, "Nguon__Signing__KeyDirectory");
        Assert.Equal("false", S(environment, "Nguon__Signing__CreateIfMissing"));
        Assert.Contains(((YamlSequenceNode)At(compose, "x-silo", "volumes")).Children, v
            => ((YamlScalarNode)v).Value!.EndsWith($":{keyDirectory}:ro", StringComparison.Ordinal));
        Assert.Equal("deploy/Dockerfile", S(compose, "x-silo", "build", "dockerfile"));
        Assert.Equal("service_healthy", S(compose, "x-silo", "depends_on", "postgres", "condition"));
        // The schema is applied when the database is created.
        Assert.Contains(((YamlSequenceNode)At(services, "postgres", "volumes")).Children,
            v => ((YamlScalarNode)v).Value!.StartsWith("./schema/postgresql.sql:/docker-entrypoint-initdb.d/", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(DeployDirectory, "schema", "postgresql.sql")));
        // The telemetry services are those of compose.telemetry.yaml.
        var telemetry = (YamlMappingNode)At(Documents("compose.telemetry.yaml").Single(), "services");
        foreach (var name in new[] { "otel-collector", "jaeger", "prometheus" })
        {
            Assert.Equal("compose.telemetry.yaml", S(services, name, "extends", "file"));
            Assert.True(telemetry.Children.ContainsKey(new YamlScalarNode(name)), name);
        }
        Assert.DoesNotContain("Password=nguon;", File.ReadAllText(Path.Combine(DeployDirectory, "compose.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_kubernetes_manifests_agree_with_each_other_and_with_the_silo()
    {
        var deployment = Kind("Deployment");
        var pod = At(deployment, "spec", "template");
        var labels = (YamlMappingNode)At(pod, "metadata", "labels");
        var container = At(pod, "spec", "containers", "0");
        var env = ((YamlSequenceNode)At(container, "env")).Children.ToDictionary(e => S(e, "name"), e => e);

        Assert.True(int.Parse(S(deployment, "spec", "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 3);
        // Orleans' Kubernetes hosting finds its silos by these labels and env values; they must agree with Nguon's ids.
        var config = Kind("ConfigMap");
        Assert.Equal(S(labels, "orleans/serviceId"), S(env["ORLEANS_SERVICE_ID"], "value"));
        Assert.Equal(S(labels, "orleans/clusterId"), S(env["ORLEANS_CLUSTER_ID"], "value"));
        Assert.Equal(S(config, "data", "Nguon__ServiceId"), S(env["ORLEANS_SERVICE_ID"], "value"));
        Assert.Equal(S(config, "data", "Nguon__ClusterId"), S(env["ORLEANS_CLUSTER_ID"], "value"));
        Assert.Equal("Postgres", S(config, "data", "Nguon__Storage"));
        Assert.Equal("metadata.name", S(env["POD_NAME"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", S(env["Nguon__AdvertisedIp"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("nguon-config", S(container, "envFrom", "0", "configMapRef", "name"));
        Assert.Equal("nguon-config", S(config, "metadata", "name"));

        // Secrets by reference only, and every key referenced exists in the example Secret.
        var secret = Kind("Secret");
        var secretKeys = ((YamlMappingNode)At(secret, "stringData")).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();
        var referenced = env.Values.Where(e => ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("valueFrom"))
                                               && ((YamlMappingNode)At(e,
                                                   "valueFrom")).Children.ContainsKey(new YamlScalarNode("secretKeyRef"))).ToList();
        Assert.Contains(referenced, e => S(e, "name") == "Nguon__ConnectionString");
        Assert.All(referenced, e =>
        {
            Assert.Equal(S(secret, "metadata", "name"), S(e, "valueFrom", "secretKeyRef", "name"));
            Assert.Contains(S(e, "valueFrom", "secretKeyRef", "key"), secretKeys);
        });
        Assert.DoesNotContain(env.Values, e => S(e, "name").Contains("ConnectionString", StringComparison.Ordinal)
            && ((YamlMappingNode)e).Children.ContainsKey(new YamlScalarNode("value")));
        // Every silo signs dossiers with the same keys, so they come from one Secret mounted where the silo reads
        // them, and no pod makes its own (it would publish a JWKS the other silos do not).
        var keyDirectory = S(config, "data", "Nguon__Signing__KeyDirectory");
        Assert.Equal("false", S(config, "data", "Nguon__Signing__CreateIfMissing"));
        var keyMount = ((YamlSequenceNode)At(container, "volumeMounts")).Children.Single(m => S(m, "mountPath") == keyDirectory);
        var keyVolume = ((YamlSequenceNode)At(pod, "spec", "volumes")).Children.Single(v => S(v, "name") == S(keyMount, "name"));
        Assert.Equal("true", S(keyMount, "readOnly"));
        Assert.False(string.IsNullOrEmpty(S(keyVolume, "secret", "secretName")));
        var kustomization = Documents("k8s/kustomization.yaml").Single();
        var resources = ((YamlSequenceNode)At(kustomization, "resources")).Children.Select(r => ((YamlScalarNode)r).Value).ToList();
        Assert.DoesNotContain("secret.example.yaml", resources);
        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(DeployDirectory, "k8s", r!)), r));

        // Probes on the silo's health endpoints, non-root, a grace period for draining.
        Assert.Equal("/health/ready", S(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", S(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("true", S(pod, "spec", "securityContext", "runAsNonRoot"));
        Assert.True(int.Parse(S(pod, "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) >= 30);

        // The service account may list and watch pods (Orleans' Kubernetes agent), and is the pod's.
        var account = S(Kind("ServiceAccount"), "metadata", "name");
        Assert.Equal(account, S(pod, "spec", "serviceAccountName"));
        var binding = Kind("RoleBinding");
        Assert.Equal(account, S(binding, "subjects", "0", "name"));
        var role = Kind("Role");
        Assert.Equal(S(role, "metadata", "name"), S(binding, "roleRef", "name"));
        var rule = At(role, "rules", "0");
        Assert.Contains("pods", ((YamlSequenceNode)At(rule, "resources")).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Superset(new HashSet<string?> { "get", "list", "watch", "delete" },
            ((YamlSequenceNode)At(rule, "verbs")).Children.Select(c => ((YamlScalarNode)c).Value).ToHashSet());

        // The Service and the PodDisruptionBudget select the Deployment's pods.
        foreach (var (selector, what) in new[] { (At(Kind("Service"), "spec", "selector"), "Service"),
            (At(Kind("PodDisruptionBudget"), "spec", "selector", "matchLabels"), "PodDisruptionBudget") })
            Assert.All(((YamlMappingNode)selector).Children, l
                => Assert.True(labels.Children.TryGetValue(l.Key, out var v) && v.Equals(l.Value),
                $"{what} selects {l.Key}={l.Value}, not a pod label"));
        Assert.Equal("1", S(Kind("PodDisruptionBudget"), "spec", "maxUnavailable"));
    }

    [Fact]
    public void The_dockerfile_builds_in_one_stage_and_runs_as_a_non_root_user_in_another()
    {
        var lines = File.ReadAllLines(Path.Combine(DeployDirectory, "Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.Contains("/sdk:", stages[0], StringComparison.Ordinal);
        Assert.Contains("/aspnet:", stages[1], StringComparison.Ordinal);
        var user = lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.True(lines.IndexOf(user) > lines.IndexOf(stages[1]) && user != "USER root" && user != "USER 0", user);
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)
            && l.Contains("Nguon.Silo.dll", StringComparison.Ordinal));
        var ignored = File.ReadAllLines(Path.Combine(DeployDirectory, "Dockerfile.dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }
}
