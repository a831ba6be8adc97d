"""Server side: Kafka -> MongoDB worker and the Spark job runner."""
