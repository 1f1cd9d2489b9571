package dev.mailpush.sandbox;

/** A sandbox container as {@code docker ps} lists it. */
public record RunningSandbox(String name, String suite, String status, PortMap ports) {}
