// Torch's random generator is process-wide: tests that seed it and compare runs must not interleave with other tests
// drawing from it, so this assembly's tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
