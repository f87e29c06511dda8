"""The matters log (民情事项): records, their flow through states, figures."""
