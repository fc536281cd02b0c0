// The FHIR model has a resource named Task; in this project, Task means System.Threading.Tasks.Task.
// Write SmartReasoning.Fhir.Model.Task for the resource.
global using Task = System.Threading.Tasks.Task;
