"""The composition root: where a simulation's pieces are built and wired (servers, journal, HTTP
clients, the simulator core and its facade), above every package it wires."""
