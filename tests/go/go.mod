module cowvisor/tests/go

go 1.19
