// Cluster specs measure timing on a 2-core machine: one at a time, so that they do not starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
