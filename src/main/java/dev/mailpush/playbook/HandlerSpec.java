package dev.mailpush.playbook;

import java.util.List;

/** One {@code [[handlers]]} entry. */
record HandlerSpec(String name, String service, String action, List<String> command) {}
