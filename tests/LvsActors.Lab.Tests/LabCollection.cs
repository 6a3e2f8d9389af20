using Xunit;

namespace LvsActors.Lab.Tests;

/// <summary>
/// Lab tests share this collection so they run one at a time: each boots a UML kernel, and two cores do not
/// carry two guests and a build well.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    /// <summary>The collection's name, for [Collection(LabCollection.Name)].</summary>
    public const string Name = "Kernel lab";
}
