// The window tests share one display and the machine's two cores: run tests one class at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
